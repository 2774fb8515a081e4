import { randomUUID } from 'node:crypto';
import type { BusContext } from '../bus-context.js';
import type { ConnectionDefinition } from '../bus-documents.js';
import { mergeAuthParameters, newSecretId, type GivenAuthParameters } from '../connections/connection-auth.js';
import { connectionErrors } from '../connections/connection-errors.js';
import { writeConnection } from '../connections/connection-lookup.js';
import { connectionAnswer } from '../connections/connection-views.js';
import { kmsKeyIdentifier } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { authorizationType, authParameters, connectivityParameters, description, resourceName } from '../validation/connection-shapes.js';
import { required, structure } from '../validation/shapes.js';

interface UpdateConnectionInput {
  Name: string;
  Description?: string;
  AuthorizationType?: ConnectionDefinition['AuthorizationType'];
  AuthParameters?: GivenAuthParameters;
  InvocationConnectivityParameters?: ConnectionDefinition['InvocationConnectivityParameters'];
  KmsKeyIdentifier?: string;
}

const shape = structure({
  Name: required(resourceName),
  Description: description,
  AuthorizationType: authorizationType,
  AuthParameters: authParameters(false),
  InvocationConnectivityParameters: connectivityParameters,
  KmsKeyIdentifier: kmsKeyIdentifier,
});

/** The AuthParameters members that carry credentials: changing one authorizes the connection again. */
const CREDENTIALS = ['BasicAuthParameters', 'OAuthParameters', 'ApiKeyAuthParameters'] as const;

/**
 * UpdateConnection: what is given changes, the rest stays (see mergeAuthParameters for the
 * AuthParameters). New credentials or a new AuthorizationType authorize the connection again, as
 * CreateConnection does — at once for API key and basic, AUTHORIZING for OAuth — and drop its token;
 * that is also how a DEAUTHORIZED connection comes back. Other changes keep its state.
 */
export async function updateConnection(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const request = checkRequest<UpdateConnectionInput>(input, shape);
  const { Name, Description, InvocationConnectivityParameters, KmsKeyIdentifier } = request;
  const now = ctx.clock.now();
  const updated = await writeConnection(ctx.store, Name, now, (current) => {
    if (!current) throw connectionErrors.connectionNotFound(Name, 'update');
    const type = request.AuthorizationType ?? current.definition.AuthorizationType;
    const given = request.AuthParameters;
    const reauthorize = request.AuthorizationType !== undefined || CREDENTIALS.some((member) => given?.[member] !== undefined);
    const AuthParameters = reauthorize || given !== undefined ? mergeAuthParameters(current.definition, type, given) : current.definition.AuthParameters;
    const { oauthToken, StateReason, secretId, ...kept } = current.definition;
    const oauth = type === 'OAUTH_CLIENT_CREDENTIALS';
    const definition: ConnectionDefinition = {
      ...kept,
      ...(Description !== undefined && { Description }),
      ...(InvocationConnectivityParameters !== undefined && { InvocationConnectivityParameters }),
      ...(KmsKeyIdentifier !== undefined && { KmsKeyIdentifier }),
      AuthorizationType: type,
      ...(AuthParameters !== undefined && { AuthParameters }),
      modifiedAt: now,
      ...(reauthorize
        ? { ConnectionState: oauth ? 'AUTHORIZING' : 'AUTHORIZED', LastAuthorizedTime: now, credentials: randomUUID(), secretId: secretId ?? newSecretId() }
        : { ...(oauthToken && { oauthToken }), ...(StateReason !== undefined && { StateReason }), ...(secretId !== undefined && { secretId }) }),
    };
    return { definition, ...(reauthorize && { dueAt: oauth ? now : null }), result: { ...current, definition } };
  });
  if (updated.definition.ConnectionState === 'AUTHORIZING') ctx.connections?.wake();
  return connectionAnswer(ctx, updated);
}
