import { clientCommand } from './client-command.js';
import { recordLine, type TailRecord } from './record-line.js';

export const TAIL_HELP = `Usage: eddy tail TABLE [--endpoint URL] [--from latest|trim-horizon] [--json]

Prints a table's stream records as they are written, one line each:
time, event, keys, then attributes added (+), changed (~) and removed (-).
  --endpoint URL   The running Eddy (default http://127.0.0.1:4566, or $EDDY_ENDPOINT)
  --from WHERE     latest (default): only new records; trim-horizon: every retained record first
  --json           One raw stream record (JSON) per line instead
`;

/** `eddy tail`: follows a running Eddy's admin stream feed (Server-Sent Events) and prints each record. */
export async function tailCommand(args: string[]): Promise<number> {
  const command = clientCommand('tail', args, { from: { type: 'string' }, json: { type: 'boolean' } }, TAIL_HELP, 'table name');
  if (typeof command === 'number') return command;
  const { values, endpoint } = command;
  const table = command.subject!;
  const from = (values['from'] as string | undefined) ?? 'latest';
  if (from !== 'latest' && from !== 'trim-horizon') {
    process.stderr.write(`eddy tail: --from must be latest or trim-horizon, got '${from}'\n`);
    return 2;
  }
  const url = `${endpoint}/_eddy/streams/${encodeURIComponent(table)}/tail?from=${from}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'text/event-stream' } });
  } catch (error) {
    process.stderr.write(`eddy tail: cannot reach Eddy at ${endpoint} (${(error as Error).message}); is it running?\n`);
    return 1;
  }
  if (!response.ok || !response.body) {
    const body = await response.text();
    let message = body;
    try {
      message = (JSON.parse(body) as { message?: string }).message ?? body;
    } catch {}
    process.stderr.write(`eddy tail: ${message || `HTTP ${response.status}`}\n`);
    return 1;
  }
  for await (const event of serverSentEvents(response.body)) {
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

/** Parses a text/event-stream body into events (`event:` name, joined `data:` lines). */
export async function* serverSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<{ event: string; data: string }> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length > 0 || event !== 'message') yield { event, data: data.join('\n') };
    }
  }
}
