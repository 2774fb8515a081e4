/** EventBridge Pipes' operations (pipes-service.ts): one chunk, imported on the API's first request. */
export { createPipe, deletePipe, describePipe, setPipeState, updatePipe } from '../pipes/operations/pipe-operations.js';
export { listPipes } from '../pipes/operations/list-pipes.js';
export { listTagsForResource, tagResource, untagResource } from '../pipes/operations/pipe-tags.js';
