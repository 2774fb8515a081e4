import type { ShardRow, StorageEngine } from '../storage/engine.js';
import type { ShardCheckpoint } from '../storage/trigger-store.js';
import type { ShardPositions } from '../storage/pipe-store.js';
import { ServiceError } from '../shared/service-error.js';
import { streamNameOf } from '../streams/stream-arn.js';
import { formatSequence } from '../streams/stream-record.js';
import type { PipeDefinition } from '../pipes/pipe-definition.js';
import type { ShardAction } from './shard-control.js';

/** What `retry`, `skip` and `rewind` answer: the consumer and, per shard acted on, where it will resume. */
export interface MappingActionResult {
  readonly uuid: string;
  readonly action: ShardAction['kind'];
  readonly shards: { readonly shardId: string; readonly checkpoint?: string }[];
}

/** A rewind's target: a sequence number (on the shard holding it, or `shard`), or a time (on `shard` or every shard). */
export type RewindTarget = { readonly shard?: string; readonly sequenceNumber: string } | { readonly shard?: string; readonly time: number };

/** A stream consumer the actions can reach: a stream mapping, or a pipe with a stream source. */
interface Consumer {
  readonly uuid: string;
  readonly id: string;
  readonly positions: ShardPositions;
  readonly sourceArn: string;
}

const notFound = (uuid: string) => new ServiceError('ResourceNotFoundException', `No event source mapping or pipe ${uuid}`, 404);
const invalid = (message: string) => new ServiceError('InvalidParameterValueException', message, 400);
const conflict = (message: string) => new ServiceError('ResourceConflictException', message, 409);

/** How many records a rewind to a time reads at once while it looks for the first record at or after it. */
const TIME_SCAN = 1000;

/**
 * Retry, skip and rewind for stream mappings and stream pipes (issue 23), as requests stored on the shard
 * rows (ShardControls.requestAction): whichever node holds a shard's lease takes the request and acts,
 * at once when it hears of it. Checked here, against storage, so a request nobody could act on is refused
 * rather than left waiting: retry and skip need a blocking batch; rewind a position still retained.
 */
export class MappingActions {
  readonly #engine: StorageEngine;
  readonly #keptSince: () => number;

  /** `keptSince`: records created at or after it are kept by stream retention now (Eddy's time − the retention period). */
  constructor(engine: StorageEngine, keptSince: () => number) {
    this.#engine = engine;
    this.#keptSince = keptSince;
  }

  retry(uuid: string, shard?: string): Promise<MappingActionResult> {
    return this.#onBlocked(uuid, shard, { kind: 'retry' });
  }

  skip(uuid: string, shard?: string): Promise<MappingActionResult> {
    return this.#onBlocked(uuid, shard, { kind: 'skip' });
  }

  async rewind(uuid: string, target: RewindTarget): Promise<MappingActionResult> {
    const consumer = await this.#consumer(uuid);
    const { stream, shards } = await this.#shards(consumer);
    const checkpoints = new Map((await consumer.positions.listCheckpoints(consumer.id)).map((c) => [c.shardId, c]));
    let chosen: ShardRow[];
    if (target.shard !== undefined) chosen = shards.filter((s) => s.shardId === target.shard);
    else if ('sequenceNumber' in target) chosen = shards.filter((s) => holds(s, sequenceOf(target.sequenceNumber)));
    else chosen = shards.filter((s) => !checkpoints.get(s.shardId)?.finished);
    if (chosen.length === 0) {
      throw target.shard !== undefined
        ? new ServiceError('ResourceNotFoundException', `No shard ${target.shard} in ${consumer.sourceArn}`, 404)
        : invalid('sequenceNumber' in target ? `No shard of ${consumer.sourceArn} holds sequence number ${target.sequenceNumber}` : `Every shard of ${consumer.sourceArn} is finished`);
    }
    const positions: { shardId: string; position: bigint }[] = [];
    for (const shard of chosen) {
      if (checkpoints.get(shard.shardId)?.finished) throw conflict(`Shard ${shard.shardId} is closed and every record of it handled; it cannot be rewound`);
      const position = 'sequenceNumber' in target ? this.#bySequence(shard, sequenceOf(target.sequenceNumber)) : await this.#byTime(stream, shard, target.time);
      positions.push({ shardId: shard.shardId, position });
    }
    for (const { shardId, position } of positions) {
      await this.#request(consumer, shardId, { kind: 'rewind', sequence: position.toString() });
    }
    return { uuid: consumer.uuid, action: 'rewind', shards: positions.map(({ shardId, position }) => ({ shardId, checkpoint: formatSequence(position) })) };
  }

  async #onBlocked(uuid: string, shard: string | undefined, action: ShardAction): Promise<MappingActionResult> {
    const consumer = await this.#consumer(uuid);
    const rows = await consumer.positions.listCheckpoints(consumer.id);
    const blocked = rows.filter((row) => row.blocked !== undefined && (shard === undefined || row.shardId === shard));
    if (blocked.length === 0) throw conflict(shard === undefined ? `No batch of ${consumer.uuid} is blocked` : `No batch of ${consumer.uuid} is blocked on ${shard}`);
    for (const row of blocked) await this.#request(consumer, row.shardId, action);
    return { uuid: consumer.uuid, action: action.kind, shards: blocked.map((row) => shardResult(row)) };
  }

  async #request(consumer: Consumer, shardId: string, action: ShardAction): Promise<void> {
    if (!(await consumer.positions.requestAction(consumer.id, shardId, JSON.stringify(action)))) throw notFound(consumer.uuid);
  }

  /** The position (last record handled) that re-delivers from `sequence` on. */
  #bySequence(shard: ShardRow, sequence: bigint): bigint {
    if (!holds(shard, sequence)) throw invalid(`Sequence number ${formatSequence(sequence)} is not in shard ${shard.shardId}`);
    if (shard.trimmedThrough !== undefined && sequence <= shard.trimmedThrough) throw trimmed(shard, `sequence number ${formatSequence(sequence)}`);
    return sequence - 1n;
  }

  /**
   * The position that re-delivers from the first record created at or after `time` (the shard's end when
   * none is). Records are in creation order within a shard. Refused when `time` is older than what
   * retention keeps, records were trimmed and the oldest one kept is at or after `time`: some of those
   * trimmed may have been too.
   */
  async #byTime(streamId: number, shard: ShardRow, time: number): Promise<bigint> {
    let after = shard.trimmedThrough ?? shard.startingSequence - 1n;
    let first = true;
    for (;;) {
      const records = await this.#engine.readShard({ streamId, shardId: shard.shardId, after, limit: TIME_SCAN });
      const found = records.find((r) => r.createdAt >= time);
      const maybeTrimmed = shard.trimmedThrough !== undefined && time < this.#keptSince();
      if (first && maybeTrimmed && (records.length === 0 || records[0]!.createdAt >= time)) {
        throw trimmed(shard, `records at or after ${new Date(time).toISOString()}`);
      }
      first = false;
      if (found) return found.sequence - 1n;
      if (records.length < TIME_SCAN) return records.at(-1)?.sequence ?? after;
      after = records.at(-1)!.sequence;
    }
  }

  async #consumer(uuid: string): Promise<Consumer> {
    const { triggers, pipes } = this.#engine;
    const mapping = await triggers.getMapping<{ kind?: string }>(uuid);
    if (mapping) {
      if (mapping.config.kind === 'sqs') throw invalid(`${uuid} reads a queue: retry, skip and rewind are for stream sources (a queue's messages come back on their own)`);
      return { uuid, id: uuid, positions: triggers, sourceArn: mapping.sourceArn };
    }
    const pipe = (await pipes.list<PipeDefinition>()).find((p) => p.definition.Arn === uuid || p.name === uuid)?.definition;
    if (!pipe) throw notFound(uuid);
    if (streamNameOf(pipe.Source) === undefined) throw invalid(`Pipe ${pipe.Name} reads a queue: retry, skip and rewind are for stream sources`);
    return { uuid: pipe.Arn, id: pipe.consumerId, positions: pipes.positions, sourceArn: pipe.Source };
  }

  async #shards(consumer: Consumer): Promise<{ stream: number; shards: ShardRow[] }> {
    const name = streamNameOf(consumer.sourceArn);
    const found = name && (await this.#engine.getStream(name.tableName, name.label));
    if (!found) throw invalid(`The stream ${consumer.sourceArn} no longer exists`);
    return { stream: found.stream.id, shards: found.shards };
  }
}

function sequenceOf(text: string): bigint {
  if (!/^\d{1,40}$/.test(text)) throw invalid(`sequenceNumber must be a stream record's SequenceNumber (digits), not ${JSON.stringify(text)}`);
  return BigInt(text);
}

/** Whether `sequence` is one of the shard's, or the one it assigns next (a rewind there re-delivers nothing). */
function holds(shard: ShardRow, sequence: bigint): boolean {
  const last = shard.endingSequence ?? shard.lastSequence ?? shard.startingSequence - 1n;
  return sequence >= shard.startingSequence && sequence <= last + 1n;
}

const trimmed = (shard: ShardRow, what: string) =>
  new ServiceError('TrimmedDataAccessException', `Shard ${shard.shardId} no longer holds ${what}: records were trimmed (stream retention)`, 400);

function shardResult(row: ShardCheckpoint): { shardId: string; checkpoint?: string } {
  return { shardId: row.shardId, ...(row.sequence !== undefined && { checkpoint: formatSequence(BigInt(row.sequence)) }) };
}
