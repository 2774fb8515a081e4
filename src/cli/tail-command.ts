import { adminRequest, CLIENT_FLAGS_HELP, clientCommand } from './client-command.js';
import { recordLine, type TailRecord } from './record-line.js';
import { serverSentEvents } from './server-sent-events.js';

export const TAIL_HELP = `Usage: eddy tail TABLE [--endpoint URL] [--auth-file FILE] [--from latest|trim-horizon] [--json]

Prints a table's stream records as they are written, one line each:
time, event, keys, then attributes added (+), changed (~) and removed (-).
${CLIENT_FLAGS_HELP}  --from WHERE     latest (default): only new records; trim-horizon: every retained record first
  --json           One raw stream record (JSON) per line instead
`;

/** `eddy tail`: follows a running Eddy's admin stream feed (Server-Sent Events) and prints each record. */
export async function tailCommand(args: string[]): Promise<number> {
  const command = await clientCommand('tail', args, { from: { type: 'string' }, json: { type: 'boolean' } }, TAIL_HELP, 'table name');
  if (typeof command === 'number') return command;
  const { values } = command;
  const table = command.subject!;
  const from = (values['from'] as string | undefined) ?? 'latest';
  if (from !== 'latest' && from !== 'trim-horizon') {
    process.stderr.write(`eddy tail: --from must be latest or trim-horizon, got '${from}'\n`);
    return 2;
  }
  const path = `/_eddy/streams/${encodeURIComponent(table)}/tail?from=${from}`;
  const response = await adminRequest('tail', command, path, { headers: { accept: 'text/event-stream' } });
  if (typeof response === 'number') return response;
  for await (const event of serverSentEvents(response.body!)) {
    if (event.event === 'ready') {
      if (!values.json) process.stderr.write(`tailing ${table} (${event.data}); Ctrl-C to stop\n`);
      continue;
    }
    if (event.event !== 'record') continue;
    process.stdout.write(values.json ? `${event.data}\n` : `${recordLine(table, JSON.parse(event.data) as TailRecord)}\n`);
  }
  process.stderr.write('eddy tail: Eddy closed the connection\n');
  return 0;
}
