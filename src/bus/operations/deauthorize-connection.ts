import { randomUUID } from 'node:crypto';
import type { BusContext } from '../bus-context.js';
import type { ConnectionDefinition } from '../bus-documents.js';
import { connectionErrors } from '../connections/connection-errors.js';
import { writeConnection } from '../connections/connection-lookup.js';
import { connectionAnswer } from '../connections/connection-views.js';
import { checkRequest } from '../validation/check-request.js';
import { resourceName } from '../validation/connection-shapes.js';
import { required, structure } from '../validation/shapes.js';

const shape = structure({ Name: required(resourceName) });

/**
 * DeauthorizeConnection: "Removes all authorization parameters from the connection" (the model) — its
 * secrets, token and SecretArn go, it becomes DEAUTHORIZED, and UpdateConnection with new parameters
 * authorizes it again. AWS answers DEAUTHORIZING while it works (the user guide: "De-authorizing until
 * the process is complete"); Eddy is done at once, so the answer says DEAUTHORIZING and Describe
 * DEAUTHORIZED. The StateReason is ours.
 */
export async function deauthorizeConnection(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const { Name } = checkRequest<{ Name: string }>(input, shape);
  const now = ctx.clock.now();
  const connection = await writeConnection(ctx.store, Name, now, (current) => {
    if (!current) throw connectionErrors.connectionNotFound(Name, 'deauthorize');
    const { AuthParameters: _auth, secretId: _secret, oauthToken: _token, StateReason: _reason, ...kept } = current.definition;
    const definition: ConnectionDefinition = {
      ...kept,
      ConnectionState: 'DEAUTHORIZED',
      StateReason: 'The authorization parameters were removed by DeauthorizeConnection.',
      credentials: randomUUID(),
      modifiedAt: now,
    };
    return { definition, dueAt: null, result: { ...current, definition } };
  });
  return connectionAnswer(ctx, connection, 'DEAUTHORIZING');
}
