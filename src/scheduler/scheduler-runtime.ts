import type { BusContext } from '../bus/bus-context.js';
import type { AsyncFunctions } from '../bus/delivery/function-target.js';
import type { QueuesContext } from '../queues/queues-context.js';
import type { Deployment } from '../shared/arns.js';
import type { ExponentialBackoff } from '../shared/backoff.js';
import { onClockChange, type Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { SchedulerStore } from '../storage/scheduler-store.js';
import { DEFAULT_EXECUTION_BACKOFF } from './firing/execution-retry.js';
import { SchedulerLoop, type SchedulerLoopOptions } from './firing/scheduler-loop.js';
import type { ServiceOperations } from './firing/universal-targets.js';
import { withSchedulerOperations } from './firing/scheduler-operations.js';
import { UnservedTargets } from './firing/unserved-targets.js';
import { ensureDefaultGroup } from './operations/groups.js';
import type { SchedulerContext } from './scheduler-context.js';
import type { TopicPublisher } from '../topics/publish-to-topic.js';

export interface SchedulerDeps {
  readonly store: SchedulerStore;
  readonly clock: Clock;
  readonly deployment: Deployment;
  readonly logger: Logger;
  readonly queues: QueuesContext;
  readonly bus: BusContext;
  readonly functions: AsyncFunctions;
  /** SNS Publish for topic targets (src/topics/publish-to-topic.ts). */
  readonly topics?: TopicPublisher;
  /** Eddy's own operations for universal targets (none when omitted: every universal target fails as unserved). */
  readonly operations?: ServiceOperations;
  readonly options?: SchedulerLoopOptions & { readonly backoff?: ExponentialBackoff };
}

/** Scheduler put together: the operations' context and the loop that fires schedules (what main.ts wires). */
export class SchedulerRuntime {
  readonly context: SchedulerContext;
  readonly loop: SchedulerLoop;
  readonly #unsubscribe: () => void;
  #started = false;

  constructor(deps: SchedulerDeps) {
    const { store, clock, deployment, logger, queues, bus, functions } = deps;
    // Before start (the config's schedules are written then), the first pass is start's own.
    this.context = { store, clock, deployment, changed: () => this.#started && this.loop.wake() };
    this.loop = new SchedulerLoop(
      store,
      {
        clock, logger, deployment, queues, bus, functions,
        operations: withSchedulerOperations(this.context, deps.operations ?? { find: () => undefined }),
        unserved: new UnservedTargets(logger),
        ...(deps.topics && { topics: deps.topics }),
        backoff: deps.options?.backoff ?? DEFAULT_EXECUTION_BACKOFF,
      },
      deps.options,
    );
    // The loop's timer waits for a due time on the clock as it was: a jump (`eddy time`) wakes it to look again.
    this.#unsubscribe = onClockChange(clock, () => this.loop.wake());
  }

  /** Stores the default group, then fires what fell due while Eddy was stopped (see SchedulerLoop.start). */
  async start(releaseLeases: boolean): Promise<void> {
    await ensureDefaultGroup(this.context);
    await this.loop.start(releaseLeases);
    this.#started = true;
  }

  close(): Promise<void> {
    this.#unsubscribe();
    return this.loop.close();
  }
}
