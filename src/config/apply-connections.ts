import type { BusContext } from '../bus/bus-context.js';
import type { ConnectionAuthParameters, ConnectionDefinition } from '../bus/bus-documents.js';
import { createConnection } from '../bus/operations/create-connection.js';
import { updateConnection } from '../bus/operations/update-connection.js';
import { refusedAs, type ApplyRecorder } from './apply-report.js';
import { at } from './config-checker.js';
import type { NormalizedConnection } from './normalized-bus.js';
import type { NormalizedConfig } from './normalized-config.js';
import { sameJson } from './rule-plan.js';

type Step = { name: string } & ({ op: 'create' | 'unchanged' } | { op: 'update'; input: Record<string, unknown>; changes: string[] });

/**
 * The config's connections, compared with the stored ones (reads only, when called); the returned step
 * creates them (CreateConnection) or updates what differs (UpdateConnection), through the bus's own
 * operations, so they are authorized as the API's are (an OAuth connection in the background). New
 * credentials, a new authorization type, or a connection deauthorized since (DeauthorizeConnection took its
 * parameters, or its OAuth authorization failed for good) authorize it again. What the
 * config does not model (InvocationHttpParameters, OAuthHttpParameters, KMS keys) stays as it is.
 * Changes name no secret.
 */
export async function applyConnections(config: NormalizedConfig, ctx: BusContext): Promise<(recorder: ApplyRecorder) => Promise<void>> {
  const steps: Step[] = [];
  for (const [name, connection] of Object.entries(config.connections)) {
    const stored = await ctx.store.getDocument<ConnectionDefinition>('connection', '', name);
    if (!stored) {
      steps.push({ name, op: 'create' });
      continue;
    }
    const update = connectionUpdate(stored.definition, connection);
    steps.push(update.changes.length === 0 ? { name, op: 'unchanged' } : { name, op: 'update', input: { Name: name, ...update.input }, changes: update.changes });
  }
  return async (recorder) => {
    for (const step of steps) {
      const { name } = step;
      const path = at('connections', name);
      if (step.op === 'unchanged') {
        recorder.record('unchanged', { kind: 'connection', name, changes: [] });
      } else if (step.op === 'update') {
        await refusedAs(config, path, () => updateConnection(ctx, step.input));
        recorder.record('updated', { kind: 'connection', name, changes: step.changes });
      } else {
        const { description } = config.connections[name]!;
        const input = { Name: name, ...authOf(config.connections[name]!), ...(description !== undefined && { Description: description }) };
        await refusedAs(config, path, () => createConnection(ctx, input));
        recorder.record('created', { kind: 'connection', name, changes: [] });
      }
    }
  };
}

/** AuthorizationType and the AuthParameters block a connection of the config takes, as CreateConnection names them. */
function authOf(connection: NormalizedConnection): { AuthorizationType: ConnectionDefinition['AuthorizationType']; AuthParameters: ConnectionAuthParameters } {
  if ('apiKey' in connection) {
    const { name, value } = connection.apiKey;
    return { AuthorizationType: 'API_KEY', AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: name, ApiKeyValue: value } } };
  }
  if ('basic' in connection) {
    const { username, password } = connection.basic;
    return { AuthorizationType: 'BASIC', AuthParameters: { BasicAuthParameters: { Username: username, Password: password } } };
  }
  const { authorizationEndpoint, method, clientId, clientSecret } = connection.oauth;
  return {
    AuthorizationType: 'OAUTH_CLIENT_CREDENTIALS',
    AuthParameters: { OAuthParameters: { ClientParameters: { ClientID: clientId, ClientSecret: clientSecret }, AuthorizationEndpoint: authorizationEndpoint, HttpMethod: method } },
  };
}

/** UpdateConnection's input for what differs, and the changes (`authorization API_KEY → BASIC`, `credentials changed`, `description changed`). */
function connectionUpdate(stored: ConnectionDefinition, connection: NormalizedConnection): { input: Record<string, unknown>; changes: string[] } {
  const wanted = authOf(connection);
  const input: Record<string, unknown> = {};
  const changes: string[] = [];
  const block = (parameters: ConnectionAuthParameters | undefined) => {
    const { InvocationHttpParameters: _invocation, ...blocks } = parameters ?? {};
    const oauth = blocks.OAuthParameters;
    if (!oauth) return blocks;
    const { OAuthHttpParameters: _kept, ...modelled } = oauth;
    return { OAuthParameters: modelled };
  };
  if (stored.AuthorizationType !== wanted.AuthorizationType) {
    Object.assign(input, wanted);
    changes.push(`authorization ${stored.AuthorizationType} → ${wanted.AuthorizationType}`);
  } else if (stored.AuthParameters === undefined) {
    Object.assign(input, { AuthParameters: wanted.AuthParameters });
    changes.push(`authorized again (it was ${stored.ConnectionState})`);
  } else if (!sameJson(block(stored.AuthParameters), block(wanted.AuthParameters))) {
    Object.assign(input, { AuthParameters: wanted.AuthParameters });
    changes.push('credentials changed');
  } else if (stored.ConnectionState === 'DEAUTHORIZED') {
    // Its parameters kept, but an authorization failed for good (an OAuth endpoint refused them): the config
    // in force asks for a working connection, so applying it tries again, as UpdateConnection would.
    Object.assign(input, { AuthParameters: wanted.AuthParameters });
    changes.push('authorized again (it was DEAUTHORIZED)');
  }
  if ((stored.Description ?? '') !== (connection.description ?? '')) {
    input['Description'] = connection.description ?? '';
    changes.push('description changed');
  }
  return { input, changes };
}
