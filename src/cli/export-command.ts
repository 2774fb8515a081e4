import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { rename, rm } from 'node:fs/promises';
// Not the export's index: it imports the export and import themselves, which `eddy start` loads only when asked.
import { lineType } from '../export/export-format.js';
import { COUNTED, countsText, noCounts, type TransferCounts } from '../export/transfer-context.js';
import { adminRequest, CLIENT_FLAGS_HELP, clientCommand } from './client-command.js';
import { serverSentEvents } from './server-sent-events.js';

export const EXPORT_HELP = `Usage: eddy export FILE [--endpoint URL] [--auth-file FILE]

Writes the state of a running Eddy to FILE (JSON Lines, docs/export.md): tables with their items,
queues with their messages, buses with their rules and targets, archives with their events, Scheduler
schedules, topics with their subscriptions, functions made through the Lambda API with their versions
and aliases, event source mappings, pipes. eddy start --import FILE starts from it.
${CLIENT_FLAGS_HELP}`;

/** Progress on a terminal at most this often. */
const PROGRESS_MS = 250;

/** `eddy export FILE`: reads the admin export feed into a temporary file renamed to FILE once complete. */
export async function exportCommand(args: string[]): Promise<number> {
  const command = await clientCommand('export', args, {}, EXPORT_HELP, 'file');
  if (typeof command === 'number') return command;
  const file = command.subject!;
  // The file's name names the export in GET /_eddy/progress (and the console's progress bar).
  const response = await adminRequest('export', command, `/_eddy/export?file=${encodeURIComponent(file)}`, { headers: { accept: 'text/event-stream' } });
  if (typeof response === 'number') return response;
  const temporary = `${file}.${process.pid}.tmp`;
  const out = createWriteStream(temporary, { encoding: 'utf8' });
  const counts = noCounts();
  const tty = process.stderr.isTTY === true;
  let shownAt = 0;
  let complete = false;
  try {
    for await (const event of serverSentEvents(response.body!)) {
      if (event.event === 'end') {
        complete = true;
        break;
      }
      if (event.event !== 'line') continue;
      const counter = COUNTED[lineType(event.data) ?? ''];
      if (counter) counts[counter]++;
      if (!out.write(`${event.data}\n`)) await once(out, 'drain');
      if (tty && performance.now() - shownAt >= PROGRESS_MS) {
        shownAt = performance.now(); // elapsed time between progress lines, not a time of day
        process.stderr.write(`\rexporting: ${countsText(counts)}…`);
      }
    }
    if (!complete) throw new Error('Eddy closed the connection before the export was complete');
    out.end();
    await once(out, 'finish');
    await rename(temporary, file);
  } catch (error) {
    out.destroy();
    await rm(temporary, { force: true });
    process.stderr.write(`${tty ? '\n' : ''}eddy export: ${(error as Error).message}\n`);
    return 1;
  }
  process.stderr.write(`${tty ? '\r\x1b[K' : ''}exported ${countsText(counts as TransferCounts)} to ${file}\n`);
  return 0;
}
