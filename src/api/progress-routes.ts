import { performance } from 'node:perf_hooks';
import type { Logger } from '../shared/logger.js';
import type { BusStore } from '../storage/bus-store.js';
import type { TableContext } from '../table/table-context.js';
import { ProgressLog, setProgressLog } from '../progress/progress-log.js';
import { progressTasks, type ProgressTask } from '../progress/progress-model.js';
import type { AdminFeed, AdminRoute } from './admin-api.js';

/** The path of the console's progress feed: `GET /_eddy/progress/feed`. */
export const PROGRESS_FEED_PATH = /^\/_eddy\/progress\/feed$/;

/** While a task runs, storage is looked at this often; when none does, this seldom (a task another node starts tells no one here). */
const BUSY_MS = 1000;
const IDLE_MS = 5000;

/**
 * Long work every node can see (derived from storage, progress-model.ts): `GET /_eddy/progress` answers
 * `{ tasks: ProgressTask[] }`. Also gives this node's log to the runners below the table context, which
 * carries none (GSI backfills log their progress there).
 */
export function progressRoutes(tables: TableContext, bus: BusStore, logger: Logger): Record<string, AdminRoute> {
  setProgressLog(tables.engine, new ProgressLog(logger));
  return { 'GET /_eddy/progress': async () => ({ tasks: await progressTasks({ tables, bus }) }) };
}

/**
 * `GET /_eddy/progress/feed`: the same `{ tasks }` as a `progress` event at once, then again whenever it
 * changes — nothing while nothing moves.
 */
export function progressFeed(tables: TableContext, bus: BusStore): { path: RegExp; feed: AdminFeed } {
  return { path: PROGRESS_FEED_PATH, feed: feedOf(() => progressTasks({ tables, bus })) };
}

function feedOf(tasks: () => Promise<ProgressTask[]>): AdminFeed {
  return async ({ send, signal }) => {
    let last = '';
    let running = false;
    while (!signal.aborted) {
      const lookedAt = performance.now(); // screen refresh spacing in real time, not Eddy's time
      try {
        const now = await tasks();
        const text = JSON.stringify({ tasks: now });
        if (text !== last) send('progress', (last = text));
        running = now.some((task) => task.state === 'running');
      } catch {
        // Storage refused a look (the engine closing, a failover): the next one tells.
      }
      const wait = Math.max(0, (running ? BUSY_MS : IDLE_MS) - (performance.now() - lookedAt));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, wait);
        signal.addEventListener('abort', done, { once: true });
        function done() {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        }
      });
    }
  };
}
