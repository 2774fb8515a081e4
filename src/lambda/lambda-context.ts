import type { Deployment } from '../shared/arns.js';
import type { FunctionRuntime } from '../functions/function-runtime.js';
import type { MappingsContext } from '../triggers/mappings-context.js';
import type { EventInvoker } from './event-invoker.js';

/** What every Lambda API operation receives. */
export interface LambdaContext {
  readonly runtime: FunctionRuntime;
  readonly deployment: Deployment;
  readonly events: EventInvoker;
  /** Event source mappings (stream triggers). */
  readonly mappings: MappingsContext;
}
