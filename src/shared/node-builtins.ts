/**
 * Node's built-in modules that `eddy start` does not use before it is ready, loaded where first used: each one
 * Node has not loaded yet costs about a millisecond of CPU at every start. They serve functions' workers and
 * processes, the WAL checkpointer's worker and a forced collection, all of which come later if at all; a
 * built-in is loaded once, later calls find it in Node's cache. (child_process is not here: listening on a port
 * loads it, through node:cluster.)
 */
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

export const readline = (): typeof import('node:readline') => load('node:readline') as typeof import('node:readline');
export const workerThreads = (): typeof import('node:worker_threads') => load('node:worker_threads') as typeof import('node:worker_threads');
export const v8 = (): typeof import('node:v8') => load('node:v8') as typeof import('node:v8');
