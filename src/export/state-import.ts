import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { ServiceError } from '../shared/service-error.js';
import { ArchiveLoader } from './archive-transfer.js';
import { BusLoader } from './bus-transfer.js';
import { loadApiDestination, loadConnection } from './connection-transfer.js';
import { ExportFileError, checkHeader, parseLine, type ExportLine } from './export-format.js';
import { loadEventInvokeConfig, loadFunction } from './function-transfer.js';
import { loadAlias, loadVersion } from './function-version-transfer.js';
import { loadMapping } from './mapping-transfer.js';
import { loadPipe } from './pipe-transfer.js';
import { QueueLoader } from './queue-transfer.js';
import { ScheduleLoader } from './schedule-transfer.js';
import { StreamRecordLoader } from './stream-record-transfer.js';
import { TableLoader } from './table-transfer.js';
import { TopicLoader } from './topic-transfer.js';
import { ImportProgress } from './import-progress.js';
import { countsText, noCounts, type TransferContext, type TransferCounts } from './transfer-context.js';

export interface ImportReport {
  /** What was created or loaded. */
  readonly loaded: TransferCounts;
  /** Resources that existed already, kept as they were (with none of the file's items or messages), as `type name`. */
  readonly kept: string[];
  /** Event source mappings not made: their function does not exist (a configuration's, which makes its own mappings). */
  readonly skipped: string[];
}

/**
 * `eddy start --import FILE`: creates what the export defines that does not exist yet and loads its items and
 * messages, line by line (never the whole file in memory). Runs before Eddy serves. Throws ExportFileError for a
 * file that is not an export, of a newer version, or with a line the services refuse (its line number given).
 */
export async function importState(ctx: TransferContext, file: string): Promise<ImportReport> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw new ExportFileError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const input = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  const tables = new TableLoader(ctx.tables);
  const queues = new QueueLoader(ctx.queues);
  const buses = new BusLoader(ctx.bus);
  const archives = new ArchiveLoader(ctx.bus);
  const schedules = new ScheduleLoader(ctx.scheduler);
  const topics = new TopicLoader(ctx.topics);
  const loaded = noCounts();
  const kept: string[] = [];
  const records = new StreamRecordLoader(ctx.tables, (table) => kept.includes(`table ${table}`));
  const skipped: string[] = [];
  /** Functions this import created: a kept one keeps its own event invoke config too. */
  const created = new Set<string>();
  let at = 0;
  const progress = new ImportProgress(file, size, ctx.logger);
  try {
    for await (const text of lines) {
      at++;
      if (at === 1) {
        checkHeader(file, text);
        continue;
      }
      if (text.trim() === '') continue;
      const line = parseLine(file, text, at);
      try {
        await apply(line);
      } catch (error) {
        if (error instanceof ServiceError || error instanceof TypeError || (error instanceof Error && error.constructor === Error)) {
          throw new ExportFileError(`${file}:${at}: ${line.type}: ${error.message}`);
        }
        throw error;
      }
      progress.update(input.bytesRead, loaded);
    }
    if (at === 0) checkHeader(file, undefined);
    await tables.flush();
    await queues.flush();
    await archives.flush();
    await records.flush();
  } finally {
    lines.close();
    progress.end();
  }
  const keptText = kept.length > 0 ? `; kept as they were: ${kept.join(', ')}` : '';
  const skippedText = skipped.length > 0 ? `; not made, their function is not there yet (a configuration's makes its own): ${skipped.join(', ')}` : '';
  ctx.logger.info(`eddy: imported ${file}: ${countsText(loaded)}${keptText}${skippedText}`);
  return { loaded, kept, skipped };

  /** Applies one line; true for an item or message loaded. */
  async function apply(line: ExportLine): Promise<boolean> {
    switch (line.type) {
      case 'table':
        if (await tables.define(line)) loaded.tables++;
        else kept.push(`table ${line.name}`);
        return false;
      case 'item':
        if (!(await tables.item(line))) return false;
        loaded.items++;
        return true;
      case 'streamRecord':
        await tables.flush();
        if (!(await records.record(line))) return false;
        loaded.streamRecords++;
        return true;
      case 'queue':
        if (await queues.define(line)) loaded.queues++;
        else kept.push(`queue ${line.name}`);
        return false;
      case 'message':
        if (!(await queues.message(line))) return false;
        loaded.messages++;
        return true;
      case 'connection':
        await tables.flush();
        await queues.flush();
        if (await loadConnection(ctx.bus, line)) loaded.connections++;
        else kept.push(`connection ${line.name}`);
        return false;
      case 'apiDestination':
        if (await loadApiDestination(ctx.bus, line)) loaded.apiDestinations++;
        else kept.push(`API destination ${line.name}`);
        return false;
      case 'bus':
        await tables.flush();
        await queues.flush();
        if (await buses.define(line)) loaded.buses++;
        else if (line.name !== 'default') kept.push(`bus ${line.name}`);
        return false;
      case 'rule':
        if (await buses.rule(line)) loaded.rules++;
        else kept.push(`rule ${line.bus}/${line.name}`);
        return false;
      case 'archive':
        if (await archives.define(line)) loaded.archives++;
        else kept.push(`archive ${line.name}`);
        return false;
      case 'archivedEvent':
        if (await archives.event(line)) loaded.archivedEvents++;
        return false;
      case 'scheduleGroup':
        if (await schedules.group(line)) loaded.scheduleGroups++;
        else kept.push(`schedule group ${line.name}`);
        return false;
      case 'schedule':
        if (await schedules.schedule(line)) loaded.schedules++;
        else kept.push(`schedule ${line.group}/${line.name}`);
        return false;
      case 'topic':
        if (await topics.define(line)) loaded.topics++;
        else kept.push(`topic ${line.name}`);
        return false;
      case 'subscription':
        if (await topics.subscription(line)) loaded.subscriptions++;
        return false;
      case 'function':
        if (await loadFunction(ctx.lambda, line)) {
          loaded.functions++;
          created.add(line.name);
        } else kept.push(`function ${line.name}`);
        return false;
      case 'version':
        // A kept function keeps its own versions and aliases, as its event invoke configs.
        if (!created.has(line.function)) return false;
        await loadVersion(ctx.lambda, line);
        loaded.versions++;
        return false;
      case 'alias':
        if (!created.has(line.function)) return false;
        await loadAlias(ctx.lambda, line);
        loaded.aliases++;
        return false;
      case 'eventInvokeConfig':
        if (!created.has(line.function)) return false;
        await loadEventInvokeConfig(ctx.lambda, line);
        loaded.eventInvokeConfigs++;
        return false;
      case 'mapping': {
        await tables.flush();
        const outcome = await loadMapping(ctx.lambda, ctx.tables, line, records);
        const name = `mapping ${line.source.table ?? line.source.arn} → ${line.function}`;
        if (outcome === 'created') loaded.mappings++;
        else (outcome === 'kept' ? kept : skipped).push(name);
        return false;
      }
      case 'pipe':
        await tables.flush();
        await queues.flush();
        if (await loadPipe(ctx.pipes, ctx.tables, ctx.bus, line, records)) loaded.pipes++;
        else kept.push(`pipe ${line.name}`);
        return false;
    }
  }
}
