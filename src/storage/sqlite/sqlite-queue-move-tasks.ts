import type { Database } from 'better-sqlite3';
import { lazy, type LazyStatement } from './lazy-statement.js';
import type { StoredMoveTask } from '../queue-store.js';
import { LIMIT } from './sql-limit.js';

interface MoveTaskRow {
  task_handle: string;
  source_queue_id: number;
  started_at: number;
  status: string;
  moved: number;
  task: string;
}

/** The fields of a task kept as JSON (the rest are columns: status and moved change on their own). */
type TaskDetails = Omit<StoredMoveTask, 'taskHandle' | 'sourceQueueId' | 'startedAt' | 'status' | 'moved'>;

/** How many tasks a source queue keeps, as ListMessageMoveTasks shows at most 10. */
const KEPT_PER_QUEUE = 10;

/** Message move tasks in queue_move_tasks (migration 8); every method runs inside the caller's transaction. */
export class SqliteMoveTaskStatements {
  readonly #save: LazyStatement<[string, number, number, string, number, string]>;
  readonly #prune: LazyStatement<[number, number, number]>;
  readonly #all: LazyStatement<[], MoveTaskRow>;
  readonly #addMoved: LazyStatement<[number, string]>;
  readonly #deleteOf: LazyStatement<[number]>;

  constructor(db: Database) {
    this.#save = lazy(
      db,
      'INSERT OR REPLACE INTO queue_move_tasks (task_handle, source_queue_id, started_at, status, moved, task) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.#prune = lazy(
      db,
      `DELETE FROM queue_move_tasks WHERE source_queue_id = ? AND task_handle NOT IN
         (SELECT task_handle FROM queue_move_tasks WHERE source_queue_id = ? ORDER BY started_at DESC, rowid DESC ${LIMIT})`,
    );
    this.#all = lazy(db, 'SELECT * FROM queue_move_tasks ORDER BY started_at DESC, rowid DESC');
    this.#addMoved = lazy(db, 'UPDATE queue_move_tasks SET moved = moved + ? WHERE task_handle = ?');
    this.#deleteOf = lazy(db, 'DELETE FROM queue_move_tasks WHERE source_queue_id = ?');
  }

  save(task: StoredMoveTask): void {
    const { taskHandle, sourceQueueId, startedAt, status, moved, ...details } = task;
    this.#save.run(taskHandle, sourceQueueId, startedAt, status, moved, JSON.stringify(details satisfies TaskDetails));
    this.#prune.run(sourceQueueId, sourceQueueId, KEPT_PER_QUEUE);
  }

  all(): StoredMoveTask[] {
    return this.#all.all().map((row) => ({
      ...(JSON.parse(row.task) as TaskDetails),
      taskHandle: row.task_handle,
      sourceQueueId: row.source_queue_id,
      startedAt: row.started_at,
      status: row.status,
      moved: row.moved,
    }));
  }

  addMoved(taskHandle: string, moved: number): void {
    if (moved > 0) this.#addMoved.run(moved, taskHandle);
  }

  deleteOf(queueId: number): void {
    this.#deleteOf.run(queueId);
  }
}
