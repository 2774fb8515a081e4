import type { MetricsRegistry } from './metrics-registry.js';

/** The checkpointer's counts this reads (sqlite-checkpointer.ts, CheckpointerStats: milliseconds of real time). */
interface CheckpointCounts {
  readonly passes: number;
  readonly rewinds: number;
  readonly holds: number;
  readonly heldMs: number;
  readonly longestHoldMs: number;
  readonly maxWalFrames: number;
  readonly walFramesNow: number | undefined;
  readonly fellBack: boolean;
}

/** What an engine with a write-ahead log of its own reports: SqliteEngine.walStats (undefined in memory). */
export interface WalStatsSource {
  readonly walStats?: { readonly checkpoints: CheckpointCounts; readonly flushes: number } | undefined;
}

/**
 * The SQLite WAL's checkpointer and flushes (sqlite-checkpointer.ts, sqlite-wal-sync.ts), read from the
 * engine at each scrape: this node's, since it started. Registered only when the engine has such a WAL
 * (a SQLite database file): on PostgreSQL or in memory the families are absent, not zero.
 */
export function sqliteWalMetrics(registry: MetricsRegistry, engine: WalStatsSource): void {
  if (engine.walStats === undefined) return;
  const passes = registry.counter('eddy_sqlite_checkpoint_passes_total', 'Checkpoint passes the checkpointer\'s worker thread ran (copying WAL frames back into the database file), held ones included.');
  const rewinds = registry.counter('eddy_sqlite_checkpoint_rewinds_total', 'Held passes that copied every frame, each letting the next commit rewind the WAL to its start.');
  const holds = registry.counter('eddy_sqlite_checkpoint_holds_total', 'Times the checkpointer held the group commit (writes accepted, waiting) for a last pass.');
  const held = registry.counter('eddy_sqlite_checkpoint_held_seconds_total', 'Real time the group commit spent held by the checkpointer, in all.');
  const longest = registry.gauge('eddy_sqlite_checkpoint_longest_hold_seconds', 'The longest hold of the group commit by the checkpointer since the start.');
  const fellBack = registry.gauge('eddy_sqlite_checkpoint_fell_back', '1 when the checkpointer\'s worker failed and the writer runs SQLite\'s automatic checkpoints on the event loop; else 0.');
  const frames = registry.gauge('eddy_sqlite_wal_frames', 'Frames (pages) in the write-ahead log now.');
  const maxFrames = registry.gauge('eddy_sqlite_wal_frames_max', 'The most frames a checkpoint pass found in the write-ahead log since the start.');
  const flushes = registry.counter('eddy_sqlite_wal_flushes_total', 'fdatasyncs of the write-ahead log that acknowledged writes waited for (durability power; 0 with durability process).');
  registry.collect([passes, rewinds, holds, held, longest, fellBack, frames, maxFrames, flushes], async () => {
    const stats = engine.walStats;
    if (stats === undefined) return; // closed
    const { checkpoints } = stats;
    passes.labels().observe(checkpoints.passes);
    rewinds.labels().observe(checkpoints.rewinds);
    holds.labels().observe(checkpoints.holds);
    held.labels().observe(checkpoints.heldMs / 1000);
    longest.labels().set(checkpoints.longestHoldMs / 1000);
    fellBack.labels().set(checkpoints.fellBack ? 1 : 0);
    if (checkpoints.walFramesNow !== undefined) frames.labels().set(checkpoints.walFramesNow);
    maxFrames.labels().set(Math.max(checkpoints.maxWalFrames, checkpoints.walFramesNow ?? 0));
    flushes.labels().observe(stats.flushes);
  });
}
