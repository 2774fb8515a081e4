import type { Deployment } from '../shared/arns.js';
import type { Clock } from '../shared/clock.js';
import type { EventInvokeConfigStore } from '../storage/event-invoke-config-store.js';
import type { FunctionRuntime } from '../functions/function-runtime.js';
import type { MappingsContext } from '../triggers/mappings-context.js';
import type { EventInvoker } from './event-invoker.js';
import type { ApiFunctions } from './functions/function-lookup.js';

/** What every Lambda API operation receives. */
export interface LambdaContext {
  readonly runtime: FunctionRuntime;
  readonly deployment: Deployment;
  readonly events: EventInvoker;
  /** Functions' asynchronous invocation configs (PutFunctionEventInvokeConfig and the rest). */
  readonly eventInvokeConfigs: EventInvokeConfigStore;
  readonly clock: Clock;
  /** Event source mappings (stream triggers). */
  readonly mappings: MappingsContext;
  /** Functions created through the Lambda API: their store, code directory and this node's follower. */
  readonly functions: ApiFunctions;
}
