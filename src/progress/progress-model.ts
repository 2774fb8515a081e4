import type { ReplayDefinition } from '../bus/bus-documents.js';
import { ACTIVE_REPLAY_STATES } from '../bus/replay-lookup.js';
import type { BusStore } from '../storage/bus-store.js';
import type { TableContext } from '../table/table-context.js';
import { backfillProgressOf } from './backfill-progress.js';
import { exportProgresses } from './export-progress.js';

/**
 * One long task as every node sees it, derived from storage: `done` of `total` (absent when unknown) counted
 * in `unit` — items scanned for a GSI backfill, milliseconds of the event-time window for a replay (what its
 * stored state holds: the window and the last event time replayed, not a count of events).
 */
export interface ProgressTask {
  readonly kind: 'backfill' | 'replay' | 'import' | 'export';
  /** `TABLE/INDEX` for a backfill, the replay's name for a replay, what an export writes to (`to FILE`). */
  readonly resource: string;
  readonly done: number;
  readonly total?: number;
  readonly unit: 'items' | 'ms' | 'lines';
  /** When it started (epoch ms, Eddy's clock); absent for a backfill no node has stored progress for yet. */
  readonly started?: number;
  readonly state: 'running' | 'finished' | 'cancelled' | 'failed';
}

/** An ended replay is listed this long after its end (Eddy's clock), so a watcher sees it finish, not just vanish. */
const ENDED_SHOWN_MS = 60_000;

export interface ProgressSources {
  readonly tables: TableContext;
  readonly bus: BusStore;
}

/**
 * The long tasks under way: every GSI still CREATING (with the progress its backfill stored, see
 * backfill-progress.ts), every replay with work, or ended within the last minute, and every export being
 * read (its lines sent so far, export-progress.ts). An index's backfill
 * vanishes when the index turns ACTIVE (DescribeTable says so from then on).
 */
export async function progressTasks(sources: ProgressSources): Promise<ProgressTask[]> {
  const now = sources.tables.clock.now();
  const tasks: ProgressTask[] = [];
  for (const table of await sources.tables.catalog.list()) {
    for (const index of table.definition.globalIndexes) {
      if (index.status !== 'CREATING') continue;
      const stored = await backfillProgressOf(sources.tables.engine, table.id, index.name);
      // None stored: not begun, or ended between the two reads (the backfill turns the index ACTIVE, then
      // removes its progress) — the table read again tells which, rather than a finished backfill shown at 0.
      if (stored === undefined && !(await stillCreating(sources.tables, table.id, table.name, index.name))) continue;
      tasks.push({
        kind: 'backfill',
        resource: `${table.name}/${index.name}`,
        done: stored?.done ?? 0,
        ...(stored?.total !== undefined && { total: Math.max(stored.total, stored.done) }),
        unit: 'items',
        ...(stored && { started: stored.started }),
        state: 'running',
      });
    }
  }
  for (const replay of await sources.bus.listDocuments<ReplayDefinition>('replay')) {
    const task = replayTask(replay.name, replay.definition, now);
    if (task) tasks.push(task);
  }
  for (const { id, progress } of await exportProgresses(sources.tables.engine, now)) {
    tasks.push({ kind: 'export', resource: progress.name ?? id, done: progress.done, unit: 'lines', started: progress.started, state: 'running' });
  }
  return tasks;
}

async function stillCreating(tables: TableContext, tableId: number, tableName: string, indexName: string): Promise<boolean> {
  const table = await tables.catalog.refresh(tableName);
  return table?.id === tableId && table.definition.globalIndexes.some((index) => index.name === indexName && index.status === 'CREATING');
}

export function replayTask(name: string, replay: ReplayDefinition, now: number): ProgressTask | undefined {
  const active = ACTIVE_REPLAY_STATES.has(replay.State);
  if (!active && (replay.ReplayEndTime ?? 0) + ENDED_SHOWN_MS <= now) return undefined;
  const total = Math.max(0, replay.EventEndTime - replay.EventStartTime);
  const reached = replay.EventLastReplayedTime === undefined ? 0 : replay.EventLastReplayedTime - replay.EventStartTime + 1;
  const state = active ? 'running' : replay.State === 'COMPLETED' ? 'finished' : replay.State === 'CANCELLED' ? 'cancelled' : 'failed';
  return {
    kind: 'replay',
    resource: name,
    // Completed: the whole window was looked through, whether or not events filled it to its end.
    done: state === 'finished' ? total : Math.min(total, Math.max(0, reached)),
    total,
    unit: 'ms',
    started: replay.ReplayStartTime,
    state,
  };
}

/** `done/total unit` for a log line. */
export function progressText(task: Pick<ProgressTask, 'done' | 'total' | 'unit'>): string {
  if (task.unit === 'ms') {
    const percent = task.total ? Math.floor((100 * task.done) / task.total) : 100;
    return `${percent}% of the event-time window`;
  }
  return task.total === undefined ? `${task.done} ${task.unit}` : `${task.done}/${task.total} ${task.unit}`;
}
