import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { AdminFeed } from '../api/admin-api.js';
import { archiveLines } from './archive-transfer.js';
import { busLines } from './bus-transfer.js';
import { connectionLines } from './connection-transfer.js';
import { ExportProgressWriter } from '../progress/export-progress.js';
import { ExportTerminalProgress } from './export-terminal-progress.js';
import { randomUuid } from '../shared/random-uuid.js';
import { headerLine } from './export-format.js';
import { eventInvokeConfigLines, functionLines } from './function-transfer.js';
import { mappingLines } from './mapping-transfer.js';
import { pipeLines } from './pipe-transfer.js';
import { queueLines } from './queue-transfer.js';
import { scheduleLines } from './schedule-transfer.js';
import { streamRecordLines } from './stream-record-transfer.js';
import { topicLines } from './topic-transfer.js';
import { tableLines } from './table-transfer.js';
import { COUNTED, countsText, noCounts, type TransferContext, type TransferCounts } from './transfer-context.js';

import { EXPORT_PATH } from './export-path.js';
import { lineType } from './export-format.js';

export { EXPORT_PATH, lineType };

/**
 * The export's lines in order: header, tables with their items, queues with their messages, connections and API destinations, buses with
 * their rules, archives with their events, schedule groups and schedules, topics with their subscriptions, functions made through the Lambda API with their versions and aliases, then their event invoke configs, event source mappings, pipes. Read from storage a page at a time while Eddy serves: not a snapshot of one instant.
 */
export async function* exportLines(ctx: TransferContext): AsyncGenerator<string> {
  yield headerLine(ctx.tables.clock.now(), ctx.tables.deployment);
  yield* tableLines(ctx.tables);
  yield* streamRecordLines(ctx.tables);
  yield* queueLines(ctx.queues);
  yield* connectionLines(ctx.bus);
  yield* busLines(ctx.bus);
  yield* archiveLines(ctx.bus);
  yield* scheduleLines(ctx.scheduler);
  yield* topicLines(ctx.topics);
  yield* functionLines(ctx.lambda);
  yield* eventInvokeConfigLines(ctx.lambda);
  yield* mappingLines(ctx.lambda);
  yield* pipeLines(ctx.pipes, ctx.tables);
}


/** Bytes the feed lets its reader fall behind by before it reads more from storage. */
const MAX_BACKLOG = 1 << 20;

/**
 * `GET /_eddy/export` (what `eddy export` reads): one `line` event per export line, then `end` with the
 * counts. A reader slower than storage holds the export back instead of buffering it. The lines sent so far
 * are stored as it goes (GET /_eddy/progress lists it, on any node) and removed when it ends, also when the
 * reader goes away.
 */
export function exportFeed(ctx: TransferContext): { path: RegExp; feed: AdminFeed } {
  return {
    path: EXPORT_PATH,
    feed: async ({ send, backlog, signal, query }) => {
      const counts = noCounts();
      // `eddy export FILE` names its file (?file=), so a watcher of GET /_eddy/progress knows which export this is.
      const file = query.get('file');
      const progress = storedProgress(ctx, file ? `to ${file}` : 'to a reader of GET /_eddy/export');
      let written = 0;
      try {
        for await (const line of exportLines(ctx)) {
          if (signal.aborted) return;
          count(counts, line);
          send('line', line);
          written++;
          await progress.update(written);
          // The feed API has no drain event; a short wait while the reader catches up.
          while (backlog() > MAX_BACKLOG && !signal.aborted) {
            await new Promise((resolve) => setTimeout(resolve, 5));
            await progress.update(written);
          }
        }
        send('end', JSON.stringify(counts));
      } finally {
        await progress.end();
      }
    },
  };
}

/** Spaced in real time (performance.now): a clock jump must not flood storage or stop the updates. */
const storedProgress = (ctx: TransferContext, name: string) => new ExportProgressWriter(ctx.tables.engine, randomUuid(), name, ctx.tables.clock, () => performance.now());

function count(counts: TransferCounts, line: string): void {
  const counter = COUNTED[lineType(line) ?? ''];
  if (counter) counts[counter]++;
}

/**
 * Writes the export to `file` through a temporary file renamed at the end: never a half-written FILE. Listed
 * by GET /_eddy/progress as it goes (`to FILE`), as the feed's export is; `onProgress` is told the counts
 * after every line.
 */
export async function writeExport(ctx: TransferContext, file: string, onProgress?: (counts: TransferCounts) => void): Promise<TransferCounts> {
  const temporary = `${file}.${process.pid}.tmp`;
  const out = createWriteStream(temporary, { encoding: 'utf8' });
  const counts = noCounts();
  const progress = storedProgress(ctx, `to ${file}`);
  let written = 0;
  try {
    for await (const line of exportLines(ctx)) {
      count(counts, line);
      if (!out.write(`${line}\n`)) await once(out, 'drain');
      await progress.update(++written);
      onProgress?.(counts);
    }
    out.end();
    await once(out, 'finish');
    await rename(temporary, file);
  } catch (error) {
    out.destroy();
    await rm(temporary, { force: true });
    throw error;
  } finally {
    await progress.end();
  }
  return counts;
}

/** `--export-on-exit`: the export written as Eddy stops; a failure is reported, and the stop goes on. */
export async function exportOnExit(ctx: TransferContext, file: string): Promise<void> {
  const terminal = new ExportTerminalProgress(file, ctx.logger);
  try {
    const counts = await writeExport(ctx, file, (counts) => terminal.update(counts));
    terminal.end();
    ctx.logger.info(`eddy: exported ${countsText(counts)} to ${file}`);
  } catch (error) {
    terminal.end();
    ctx.logger.error(`eddy: the export to ${file} failed`, error);
  }
}
