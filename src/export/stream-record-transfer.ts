import type { PipeDefinition } from '../pipes/pipe-definition.js';
import type { PendingStreamRecord, ShardRow, StorageEngine } from '../storage/engine.js';
import { keyOfItem } from '../table/item-key.js';
import { latestStreamArn } from '../table/stream-label.js';
import type { TableContext } from '../table/table-context.js';
import type { TableDefinition } from '../table/table-definition.js';
import type { AttributeMap } from '../table/values/attribute-value.js';
import type { ExportLine } from './export-format.js';

/**
 * A stream consumer's position in each shard, as a mapping or pipe line carries it: the last sequence number it
 * handled, or `finished` for a closed shard it drained. A shard it has none for is read from its
 * StartingPosition: LATEST takes none of the shard's records that are there now, TRIM_HORIZON all of them.
 */
export interface CarriedCheckpoint {
  readonly shard: string;
  readonly sequence?: string;
  readonly finished?: true;
}

/** A consumer's positions: whether a record of the old stream was handled, from its shard and sequence number. */
export interface Positions {
  readonly startingPosition: string;
  readonly checkpoints: readonly CarriedCheckpoint[];
}

/** The records read per storage call, and appended per call on import. */
const PAGE = 500;
/** Past every sequence number: the position of a consumer that handled the whole shard. */
const ALL = 1n << 200n;

/** The last sequence number of `shard` that `positions` handled (ALL: every one; below the shard: none). */
function handledThrough(positions: Positions, shard: string): bigint {
  const checkpoint = positions.checkpoints.find((c) => c.shard === shard);
  if (checkpoint?.finished) return ALL;
  if (checkpoint?.sequence !== undefined) return BigInt(checkpoint.sequence);
  return positions.startingPosition === 'LATEST' ? ALL : -1n;
}

/** The stream mappings and pipes reading the table's latest stream (its records are what the export carries), with their positions. */
export async function streamConsumers(engine: StorageEngine, definition: TableDefinition, deployment: TableContext['deployment']): Promise<Positions[]> {
  const arn = latestStreamArn(deployment, definition);
  if (arn === undefined || !definition.stream?.enabled) return [];
  const consumers: Positions[] = [];
  for (const mapping of await engine.triggers.listMappings<{ startingPosition?: string }>({ sourceArn: arn })) {
    consumers.push({ startingPosition: mapping.config.startingPosition ?? 'LATEST', checkpoints: carriedCheckpoints(await engine.triggers.listCheckpoints(mapping.uuid)) });
  }
  for (const { definition: pipe } of await engine.pipes.list<PipeDefinition>()) {
    if (pipe.Source === arn) consumers.push({ startingPosition: pipeStartingPosition(pipe), checkpoints: carriedCheckpoints(await engine.pipes.positions.listCheckpoints(pipe.consumerId)) });
  }
  return consumers;
}

/** A stream pipe's StartingPosition, LATEST when not given (as its runtime reads it). */
export function pipeStartingPosition(pipe: Pick<PipeDefinition, 'SourceParameters'>): string {
  const stream = pipe.SourceParameters?.['DynamoDBStreamParameters'] as { StartingPosition?: string } | undefined;
  return stream?.StartingPosition ?? 'LATEST';
}

export function carriedCheckpoints(rows: readonly { shardId: string; sequence?: string; finished: boolean }[]): CarriedCheckpoint[] {
  return rows.flatMap((row): CarriedCheckpoint[] => (row.finished ? [{ shard: row.shardId, finished: true }] : row.sequence !== undefined ? [{ shard: row.shardId, sequence: row.sequence }] : []));
}

/**
 * The records of each table's stream that a mapping or pipe on it has not handled yet, as `streamRecord` lines,
 * after every table's items: none for a table whose consumers are all caught up (or that has none). The records every
 * consumer handled are left out; the others go in passes, those most consumers handled first — within a pass
 * shard by shard in creation order (parents first), each in sequence order. A key's records stay in order
 * (a consumer that handled one handled every earlier one), and a single mapping finds every record it handled
 * before every one it did not: after the import it gets exactly those again (see StreamRecordLoader).
 */
export async function* streamRecordLines(ctx: TableContext): AsyncGenerator<string> {
  for (const table of await ctx.engine.listTables<TableDefinition>()) {
    const definition = table.definition;
    const consumers = await streamConsumers(ctx.engine, definition, ctx.deployment);
    if (consumers.length === 0 || definition.latestStreamLabel === undefined) continue;
    const found = await ctx.engine.getStream(table.name, definition.latestStreamLabel);
    if (found === undefined) continue;
    // Per shard, the consumers' positions in ascending order: pass j holds the records after the j-th.
    const bounds = found.shards.map((shard) => consumers.map((c) => handledThrough(c, shard.shardId)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const name = JSON.stringify(table.name);
    for (let pass = 0; pass < consumers.length; pass++) {
      for (const [i, shard] of found.shards.entries()) {
        const after = bounds[i]![pass]!;
        const through = bounds[i]![pass + 1] ?? ALL;
        if (after >= through) continue;
        for await (const record of shardRecords(ctx.engine, found.stream.id, shard, after, through)) {
          yield `{"type":"streamRecord","table":${name},"shard":"${shard.shardId}","sequence":"${record.sequence}","record":${JSON.stringify(record.json)}}`;
        }
      }
    }
  }
}

/** The records of `shard` after `after` and up to `through`, a page at a time. */
async function* shardRecords(engine: StorageEngine, streamId: number, shard: ShardRow, after: bigint, through: bigint) {
  let from = after < shard.startingSequence ? undefined : after;
  for (;;) {
    const page = await engine.readShard({ streamId, shardId: shard.shardId, ...(from !== undefined && { after: from }), limit: PAGE });
    for (const record of page) {
      if (record.sequence > through) return;
      yield record;
    }
    if (page.length < PAGE) return;
    from = page.at(-1)!.sequence;
  }
}

/** Consecutive records of one old shard that took consecutive sequence numbers in one new shard. */
interface Run {
  readonly oldShard: string;
  readonly oldFirst: bigint;
  readonly newFirst: bigint;
  count: number;
}

/**
 * Import of stream records: appended to the new stream of their table (created by this import; a table kept
 * as it was takes none), without items, in the file's order, a page per storage call. Where each went is
 * kept as runs, a few per old shard, so that a mapping or pipe line after them can be given, in each new
 * shard, a checkpoint just before the first record it had not handled (mappingCheckpoints).
 */
export class StreamRecordLoader {
  readonly #ctx: TableContext;
  readonly #kept: (table: string) => boolean;
  /** Per table, per new shard (in the order first appended to), its runs in sequence order. */
  readonly #runs = new Map<string, Map<string, Run[]>>();
  #table: { name: string; id: number; definition: TableDefinition } | undefined;
  /** Queued lines, each with its record as the engine appends it (the hash of its key decides the shard). */
  #pending: { line: Extract<ExportLine, { type: 'streamRecord' }>; record: PendingStreamRecord }[] = [];

  /** `kept`: whether a table of the file was kept as it was (its records are not appended). */
  constructor(ctx: TableContext, kept: (table: string) => boolean) {
    this.#ctx = ctx;
    this.#kept = kept;
  }

  /** Queues one record line; false when its table was kept (the record is not appended). */
  async record(line: Extract<ExportLine, { type: 'streamRecord' }>): Promise<boolean> {
    if (line.table !== this.#table?.name) {
      await this.flush();
      if (this.#kept(line.table)) return false;
      const entry = await this.#ctx.catalog.require(line.table);
      this.#table = { name: line.table, id: entry.id, definition: entry.definition };
    }
    // Checked here, not when the page is appended, so that an error names this line.
    let keys: AttributeMap | undefined;
    try {
      if (typeof line.record === 'string' && /^[IMR][S-]\{/.test(line.record) && /^\d+$/.test(line.sequence)) keys = (JSON.parse(line.record.slice(2)) as { Keys?: AttributeMap }).Keys;
    } catch {
      keys = undefined;
    }
    if (typeof keys !== 'object' || keys === null) throw new Error('not a stored stream record (its "record" must be the stored form: I-{"ApproximateCreationDateTime":…,"Keys":{…},…})');
    this.#pending.push({ line, record: { hash: keyOfItem(this.#table.definition, keys).hash, json: line.record } });
    if (this.#pending.length >= PAGE) await this.flush();
    return true;
  }

  async flush(): Promise<void> {
    const pending = this.#pending;
    const table = this.#table;
    this.#pending = [];
    if (pending.length === 0 || table === undefined) return;
    const placed = await this.#ctx.engine.appendStreamRecords(table.id, pending.map((p) => p.record));
    const shards = this.#runs.get(table.name) ?? new Map<string, Run[]>();
    this.#runs.set(table.name, shards);
    pending.forEach(({ line }, i) => {
      const at = placed[i];
      if (at === undefined) return;
      const oldSequence = BigInt(line.sequence);
      let runs = shards.get(at.shardId);
      if (runs === undefined) shards.set(at.shardId, (runs = []));
      const last = runs.at(-1);
      if (last && last.oldShard === line.shard && last.oldFirst + BigInt(last.count) === oldSequence && last.newFirst + BigInt(last.count) === at.sequence) last.count++;
      else runs.push({ oldShard: line.shard, oldFirst: oldSequence, newFirst: at.sequence, count: 1 });
    });
  }

  /**
   * The checkpoints to give a mapping (or pipe) of the table's new stream whose old positions were `positions`: in every
   * new shard holding records of this import, just before the first it had not handled (after the last, when
   * it handled them all). Undefined when this import appended no records to the table.
   */
  async mappingCheckpoints(table: string, positions: Positions): Promise<Map<string, bigint> | undefined> {
    await this.flush();
    const shards = this.#runs.get(table);
    if (shards === undefined) return undefined;
    const checkpoints = new Map<string, bigint>();
    for (const [shardId, runs] of shards) {
      let checkpoint: bigint | undefined;
      for (const run of runs) {
        const first = handledThrough(positions, run.oldShard) + 1n;
        const at = first > run.oldFirst ? first : run.oldFirst;
        if (at < run.oldFirst + BigInt(run.count)) {
          checkpoint = run.newFirst + (at - run.oldFirst) - 1n;
          break;
        }
      }
      const last = runs.at(-1)!;
      checkpoints.set(shardId, checkpoint ?? last.newFirst + BigInt(last.count) - 1n);
    }
    return checkpoints;
  }
}
