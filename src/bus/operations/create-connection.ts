import { randomUUID } from 'node:crypto';
import type { BusContext } from '../bus-context.js';
import type { ConnectionDefinition } from '../bus-documents.js';
import { authParametersFor, newSecretId, type GivenAuthParameters } from '../connections/connection-auth.js';
import { connectionErrors } from '../connections/connection-errors.js';
import { writeConnection } from '../connections/connection-lookup.js';
import { connectionAnswer } from '../connections/connection-views.js';
import { kmsKeyIdentifier } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { authorizationType, authParameters, connectivityParameters, description, resourceName } from '../validation/connection-shapes.js';
import { required, structure } from '../validation/shapes.js';

interface CreateConnectionInput {
  Name: string;
  Description?: string;
  AuthorizationType: ConnectionDefinition['AuthorizationType'];
  AuthParameters: GivenAuthParameters;
  InvocationConnectivityParameters?: ConnectionDefinition['InvocationConnectivityParameters'];
  KmsKeyIdentifier?: string;
}

const shape = structure({
  Name: required(resourceName),
  Description: description,
  AuthorizationType: required(authorizationType),
  AuthParameters: required(authParameters(true)),
  InvocationConnectivityParameters: connectivityParameters,
  KmsKeyIdentifier: kmsKeyIdentifier,
});

/**
 * CreateConnection: API key and basic connections are AUTHORIZED at once; an OAuth client credentials
 * connection is AUTHORIZING until a token has been fetched from its AuthorizationEndpoint (by the
 * ConnectionAuthorizer of any node, woken here), then AUTHORIZED, or DEAUTHORIZED with the reason —
 * the states observed. LastAuthorizedTime is set at creation in every case (observed, even while
 * AUTHORIZING); the answer has none.
 */
export async function createConnection(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const request = checkRequest<CreateConnectionInput>(input, shape);
  const { Name, Description, AuthorizationType, InvocationConnectivityParameters, KmsKeyIdentifier } = request;
  const AuthParameters = authParametersFor(AuthorizationType, request.AuthParameters, 'create');
  const now = ctx.clock.now();
  const oauth = AuthorizationType === 'OAUTH_CLIENT_CREDENTIALS';
  const definition: ConnectionDefinition = {
    id: randomUUID(),
    ...(Description !== undefined && { Description }),
    AuthorizationType,
    AuthParameters,
    ...(InvocationConnectivityParameters !== undefined && { InvocationConnectivityParameters }),
    ...(KmsKeyIdentifier !== undefined && { KmsKeyIdentifier }),
    ConnectionState: oauth ? 'AUTHORIZING' : 'AUTHORIZED',
    LastAuthorizedTime: now,
    modifiedAt: now,
    secretId: newSecretId(),
    credentials: randomUUID(),
  };
  await writeConnection(ctx.store, Name, now, (current) => {
    if (current) throw connectionErrors.connectionExists(Name);
    return { definition, dueAt: oauth ? now : null, result: undefined };
  });
  if (oauth) ctx.connections?.wake();
  const created = { kind: 'connection', scope: '', name: Name, definition, version: 1, createdAt: now, modifiedAt: now } as const;
  return connectionAnswer(ctx, created, definition.ConnectionState, false);
}
