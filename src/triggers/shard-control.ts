import type { Logger } from '../shared/logger.js';
import type { ShardPositions } from '../storage/pipe-store.js';
import type { BatchRecord } from './batch-processor.js';
import { blockedRecords, type BlockedBatch, type BlockedRecords } from './blocked-batch.js';
import type { RecordedFailure } from './shard-stats.js';

/**
 * What a user asks of a shard of a stream consumer (stored by ShardControls.requestAction, taken by the
 * lease holder): `retry` the blocking batch now rather than after its backoff; `skip` it as if its
 * retries had run out (to the on-failure destination, then past it); `rewind` the position to `sequence`
 * (the last record handled, so delivery resumes after it).
 */
export type ShardAction = { readonly kind: 'retry' } | { readonly kind: 'skip' } | { readonly kind: 'rewind'; readonly sequence: string };

export interface ShardControlDeps {
  readonly positions: ShardPositions;
  /** The mapping's uuid or the pipe's consumer id. */
  readonly consumer: string;
  readonly shardId: string;
  readonly owner: string;
  readonly logger: Logger;
  now(): number;
  /** Aborts when the worker stops. */
  readonly signal: AbortSignal;
  /** Stops the worker (a rewind is applied once its batches in flight have ended). */
  stop(): void;
}

/** A lane's batch while it fails. */
interface FailingLane {
  attempts: number;
  since: number;
  lastFailure: RecordedFailure;
  retryAt?: number;
  records: BlockedRecords | undefined;
}

/**
 * The user's side of one ShardWorker: it stores the batch blocking the shard (so any node shows it) and
 * acts on what is asked of the shard. Actions are taken from storage when the store tells of one (on any
 * node: ShardControls.onAction), when the worker starts, and before each backoff (a missed notification
 * is then made up for by the next retry). A retry ends every wait under way (ParallelizationFactor: one a
 * lane); a skip gives up the batch failing longest, the one the status shows. Either, asked while the
 * batch is being delivered, applies at its next wait, and is forgotten once no batch is failing.
 */
export class ShardControl {
  readonly #deps: ShardControlDeps;
  /** Per lane, the records it is delivering now (read only when they fail: delivering stays cheap). */
  readonly #delivering = new Map<number, readonly BatchRecord[]>();
  readonly #failing = new Map<number, FailingLane>();
  /** Per lane, the backoff under way, ended early by a retry (every lane's) or a skip (the blocking batch's). */
  readonly #waits = new Map<number, AbortController>();
  /** A retry asked while no batch waited: the next wait is skipped. */
  #retry = false;
  /** A skip asked and not yet done: the lane whose batch it gives up (undefined: the next to wait); null: none. */
  #skip: number | undefined | null = null;
  #rewindTo: string | undefined;
  /** What was stored last (null: nothing), and the writes in order. */
  #stored: string | null = null;
  #writing: Promise<unknown> = Promise.resolve();
  #unwritten = 0;
  #taking: Promise<void> | undefined;
  #takeAgain = false;
  /** Set once begin() is done: a rewind taken from then on stops the worker (before, begin applies it). */
  #live = false;

  constructor(deps: ShardControlDeps) {
    this.#deps = deps;
  }

  /**
   * Before the worker reads its position: takes what was asked while nobody worked the shard (a rewind is
   * applied now), and clears a blocking batch a previous holder stored (this one retries it afresh).
   */
  async begin(): Promise<void> {
    this.#stored = '';
    this.#store();
    await this.take();
    await this.applyRewind();
    this.#live = true;
    if (this.#rewindTo !== undefined) this.#deps.stop();
  }

  /** The store told of an action for this consumer: takes it unless a take is under way (which then goes again). */
  wake(): void {
    void this.take();
  }

  /** Takes the shard's action, if any, and acts on it. Never rejects. */
  take(): Promise<void> {
    if (this.#taking) {
      this.#takeAgain = true;
      return this.#taking;
    }
    this.#taking = this.#takeOnce().finally(() => {
      this.#taking = undefined;
      if (this.#takeAgain) {
        this.#takeAgain = false;
        void this.take();
      }
    });
    return this.#taking;
  }

  async #takeOnce(): Promise<void> {
    const { positions, consumer, shardId, owner } = this.#deps;
    let text: string | undefined;
    try {
      text = await positions.takeAction(consumer, shardId, owner);
    } catch (error) {
      this.#deps.logger.warn(`${consumer}, ${shardId}: could not read the action asked for: ${(error as Error).message}`);
      return;
    }
    if (text === undefined) return;
    const action = JSON.parse(text) as ShardAction;
    if (action.kind === 'rewind') {
      this.#rewindTo = action.sequence;
      if (this.#live) this.#deps.stop();
      return;
    }
    if (action.kind === 'skip') {
      // The blocking batch, as the status shows it: the one failing longest.
      this.#skip = this.#oldest()?.[0];
      if (this.#skip === undefined) for (const wait of this.#waits.values()) wait.abort();
      else this.#waits.get(this.#skip)?.abort();
      return;
    }
    if (this.#waits.size === 0) this.#retry = true;
    for (const wait of this.#waits.values()) wait.abort();
  }

  /**
   * Applies a rewind taken (at start, or after the worker stopped: no batch in flight can store a later
   * position): the position moves, the window state and blocking batch go. True when one was applied;
   * when the lease was lost first, the action is asked for again for the next holder.
   */
  async applyRewind(): Promise<boolean> {
    const sequence = this.#rewindTo;
    if (sequence === undefined) return false;
    this.#rewindTo = undefined;
    const { positions, consumer, shardId, owner } = this.#deps;
    if (!(await positions.checkpoint(consumer, shardId, owner, { sequence }))) {
      await positions.requestAction(consumer, shardId, JSON.stringify({ kind: 'rewind', sequence } satisfies ShardAction));
      return false;
    }
    this.#failing.clear();
    this.#retry = false;
    this.#skip = null;
    this.#store();
    await this.#writing;
    return true;
  }

  /**
   * The blocking-batch writes asked so far, once stored; undefined when none is under way. A position is
   * stored after them, so that nobody reads a batch as blocking beside the checkpoint past it.
   */
  get writing(): Promise<unknown> | undefined {
    return this.#unwritten === 0 ? undefined : this.#writing;
  }

  /** Whether a rewind was taken and not yet applied. */
  get rewinding(): boolean {
    return this.#rewindTo !== undefined;
  }

  delivering(lane: number, records: readonly BatchRecord[]): void {
    this.#delivering.set(lane, records);
  }

  failed(lane: number, failure: RecordedFailure): void {
    const failing = this.#failing.get(lane);
    const records = blockedRecords(this.#delivering.get(lane) ?? []);
    if (failing) Object.assign(failing, { attempts: failing.attempts + 1, lastFailure: failure, records, retryAt: undefined });
    else this.#failing.set(lane, { attempts: 1, since: failure.at, lastFailure: failure, records });
  }

  succeeded(lane: number): void {
    this.#done(lane);
  }

  /** The lane's batch ended: handled, or given up (its failure record sent). Not when the worker stopped. */
  ended(lane: number): void {
    this.#done(lane);
  }

  #done(lane: number): void {
    if (!this.#failing.delete(lane)) return;
    if (this.#skip === lane) this.#skip = null;
    if (this.#failing.size === 0) {
      this.#retry = false;
      this.#skip = null;
    }
    this.#store();
  }

  /**
   * Waits out the backoff of `lane`'s batch (`wait` pauses `ms` unless its signal aborts): true to try it
   * again — at once when a retry is asked for —, 'skip' to give it up, false when the worker stops.
   */
  async backoff(lane: number, ms: number, wait: (signal: AbortSignal) => Promise<boolean>): Promise<boolean | 'skip'> {
    const failing = this.#failing.get(lane);
    if (failing) failing.retryAt = this.#deps.now() + ms;
    this.#store();
    await this.take();
    const skipping = () => this.#skip !== null && (this.#skip === undefined || this.#skip === lane);
    if (!skipping() && !this.#retry) {
      const early = new AbortController();
      this.#waits.set(lane, early);
      try {
        await wait(AbortSignal.any([this.#deps.signal, early.signal]));
      } finally {
        this.#waits.delete(lane);
      }
    }
    if (this.#deps.signal.aborted) return false;
    if (failing) failing.retryAt = undefined;
    this.#retry = false;
    if (!skipping()) return true;
    this.#skip = null;
    return 'skip';
  }

  /** The lane whose batch has been failing longest, with it. */
  #oldest(): [number, FailingLane] | undefined {
    let oldest: [number, FailingLane] | undefined;
    for (const entry of this.#failing) if (entry[1].records && (!oldest || entry[1].since < oldest[1].since)) oldest = entry;
    return oldest;
  }

  /** Stores the batch failing longest (null when none is), unless that is what is stored already. */
  #store(): void {
    const oldest = this.#oldest()?.[1];
    const document: BlockedBatch | undefined = oldest && {
      attempts: oldest.attempts,
      since: oldest.since,
      lastFailure: oldest.lastFailure,
      ...(oldest.retryAt !== undefined && { retryAt: oldest.retryAt }),
      records: oldest.records!,
    };
    const text = document ? JSON.stringify(document) : null;
    if (text === this.#stored) return;
    this.#stored = text;
    const { positions, consumer, shardId, owner, logger } = this.#deps;
    this.#unwritten++;
    this.#writing = this.#writing
      .then(() => positions.markBlocked(consumer, shardId, owner, text))
      .catch((error: unknown) => logger.warn(`${consumer}, ${shardId}: could not store the blocking batch: ${(error as Error).message}`))
      .finally(() => this.#unwritten--);
  }
}
