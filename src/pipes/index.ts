// EventBridge Pipes: pipe definitions and their API, and the runtime that carries a source's records (filter → target) on the trigger runtime.
export type { PipesContext } from './pipes-context.js';
export { createPipe, deletePipe, describePipe, setPipeState, updatePipe } from './operations/pipe-operations.js';
export { listPipes } from './operations/list-pipes.js';
export { listTagsForResource, tagResource, untagResource } from './operations/pipe-tags.js';
export { pipesErrors } from './pipe-errors.js';
export { pipesContext } from './pipes-context.js';
export { PipeSupervisor } from './runtime/pipe-supervisor.js';
