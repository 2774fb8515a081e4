import { adminRequest, CLIENT_FLAGS_HELP, clientCommand } from './client-command.js';
import { mappingLines } from './mapping-lines.js';
import { MAPPING_ACTIONS, mappingActionCommand, type MappingActionName } from './mapping-action-command.js';
import type { MappingStatus } from '../triggers/mapping-status.js';

export const MAPPINGS_HELP = `Usage: eddy mappings [--endpoint URL] [--auth-file FILE] [--json]
       eddy mappings retry|skip|rewind <uuid|function|pipe> …   (eddy mappings retry --help)

Shows every event source mapping of a running Eddy: its function, source, state and last result; per
shard of a stream OK or RETRYING (since when, attempts of the batch), the checkpoint, how far behind it is
(iterator age) and batches in flight; for a queue OK or RETRYING, failing messages and batches in flight.
The last failure follows: a function error, a timeout or a partial batch failure with the failed items.
A success clears it.
${CLIENT_FLAGS_HELP}  --json           The status as JSON
`;

/** `eddy mappings`: the admin API's mapping status, as a table or JSON. */
export async function mappingsCommand(args: string[]): Promise<number> {
  const [first, ...rest] = args;
  if (MAPPING_ACTIONS.includes(first as MappingActionName)) return mappingActionCommand(first as MappingActionName, rest);
  const command = await clientCommand('mappings', args, { json: { type: 'boolean' } }, MAPPINGS_HELP);
  if (typeof command === 'number') return command;
  const { values } = command;
  const response = await adminRequest('mappings', command, '/_eddy/mappings');
  if (typeof response === 'number') return response;
  const text = await response.text();
  const { mappings } = JSON.parse(text) as { mappings: MappingStatus[] };
  if (values['json']) {
    process.stdout.write(`${JSON.stringify(mappings, null, 2)}\n`);
    return 0;
  }
  if (mappings.length === 0) {
    process.stdout.write('No event source mappings.\n');
    return 0;
  }
  for (const m of mappings) process.stdout.write(mappingLines(m));
  return 0;
}
