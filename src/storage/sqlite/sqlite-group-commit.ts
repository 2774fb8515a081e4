import { isDriverError, StorageError, translateSqliteError } from './sqlite-errors.js';
import { traceNow, walTrace } from './sqlite-wal-trace.js';

/** What a unit of work ended with: its value, or the failure that is its own (nothing written). */
export interface UnitOutcome {
  readonly ok: boolean;
  readonly value: unknown;
}

/** The transaction steps around a group; the engine supplies them. */
export interface GroupCommitHooks {
  /** BEGIN IMMEDIATE. */
  begin(): void;
  /** Inside the transaction, after every unit ran (the stream appender inserts its records here). */
  beforeCommit(): void;
  commit(): void;
  /** ROLLBACK if a transaction is open, then undo in-memory state (stream counters). */
  rollback(): void;
  /**
   * After COMMIT (checkpoint bookkeeping). What it returns, if anything, the answers wait for: the
   * write-ahead log flushed to disk, when acknowledged writes must survive power loss.
   */
  afterCommit(units: number): Promise<void> | undefined;
  /** After COMMIT, once the units are answered or wait for the flush (stream append notifications). */
  afterAnswer(): void;
  isClosed(): boolean;
}

interface PendingUnit {
  readonly run: () => UnitOutcome;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly atCommit: boolean;
}

/**
 * Group commit: units of work arriving in the same turn of the event loop run one after another, each
 * against the state its predecessors left, inside ONE transaction, and are answered together once it
 * commits. A unit returns its own outcome and must leave nothing written when that outcome is a
 * failure; a unit that throws (a driver error) fails the whole group. The commit, the expensive part,
 * is shared.
 */
export class GroupCommit {
  readonly #hooks: GroupCommitHooks;
  #pending: PendingUnit[] = [];
  #scheduled = false;
  #held = false;

  constructor(hooks: GroupCommitHooks) {
    this.#hooks = hooks;
  }

  /**
   * `answer` 'commit': the unit is answered as soon as the group commits, without waiting for the flush
   * afterCommit asks for (writes whose loss with the power only repeats a delivery: checkpoints, receives).
   */
  enqueue<R>(run: () => UnitOutcome, answer: 'flush' | 'commit' = 'flush'): Promise<R> {
    if (this.#hooks.isClosed()) return Promise.reject(new StorageError('The storage engine is closed'));
    return new Promise<R>((resolve, reject) => {
      this.#pending.push({ run, resolve: resolve as (value: unknown) => void, reject, atCommit: answer === 'commit' });
      this.#schedule();
    });
  }

  /**
   * Stops committing on the event loop's turns until release(): work keeps being accepted and waits.
   * The checkpointer holds commits while its worker copies the last frames of the WAL, so that the next
   * commit can rewind the WAL to its start. An explicit flush() still commits (it keeps an operation's
   * order with the writes accepted before it).
   */
  hold(): void {
    this.#held = true;
  }

  release(): void {
    this.#held = false;
    if (this.#pending.length > 0) this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled || this.#held) return;
    this.#scheduled = true;
    setImmediate(this.#turn);
  }

  readonly #turn = (): void => {
    this.#scheduled = false;
    if (!this.#held) this.flush();
  };

  /** Commits what is pending now (also called before operations that must see it committed). */
  readonly flush = (): void => {
    const batch = this.#pending;
    if (batch.length === 0) return;
    this.#pending = [];
    const started = walTrace === undefined ? 0 : traceNow();
    const hooks = this.#hooks;
    const outcomes: UnitOutcome[] = [];
    try {
      hooks.begin();
      for (const unit of batch) outcomes.push(unit.run());
      hooks.beforeCommit();
      hooks.commit();
    } catch (error) {
      hooks.rollback();
      const translated = translateSqliteError(error);
      for (const unit of batch) unit.reject(translated);
      return;
    }
    const durable = hooks.afterCommit(batch.length);
    walTrace?.event('commit', started, batch.length);
    if (durable === undefined) answer(batch, outcomes);
    else {
      const early = batch.some((unit) => unit.atCommit);
      if (early) answer(batch, outcomes, true);
      durable.then(
        () => answer(batch, outcomes, early ? false : undefined),
        (error: unknown) => {
          for (const unit of batch) if (!(early && unit.atCommit)) unit.reject(error);
        },
      );
    }
    hooks.afterAnswer();
  };
}

/** Answers the units (only those answered at commit, or only the others, when `atCommit` says which). */
function answer(batch: readonly PendingUnit[], outcomes: readonly UnitOutcome[], atCommit?: boolean): void {
  batch.forEach((unit, i) => {
    if (atCommit !== undefined && unit.atCommit !== atCommit) return;
    const outcome = outcomes[i]!;
    if (outcome.ok) unit.resolve(outcome.value);
    else unit.reject(outcome.value);
  });
}

/**
 * A store operation as a unit: what it throws is its own outcome, except a driver error, which fails
 * the group (the operations check before they write, so only a driver error can stop one midway).
 */
export function storeUnit(work: () => unknown): () => UnitOutcome {
  return () => {
    try {
      return { ok: true, value: work() };
    } catch (error) {
      if (isDriverError(error)) throw error;
      return { ok: false, value: error };
    }
  };
}
