import type { QueuesContext } from '../../queues/queues-context.js';
import type { Deployment } from '../../shared/arns.js';
import type { ExponentialBackoff } from '../../shared/backoff.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { BusStore } from '../../storage/bus-store.js';
import type { BusActivity } from '../bus-activity.js';
import type { HttpClient } from '../connections/http-client.js';
import type { OAuthTokens } from '../connections/oauth-tokens.js';
import type { EventRouter } from '../routing/event-router.js';
import { apiDestinationTarget } from './api-destination-target.js';
import { attemptDelivery } from './attempt-delivery.js';
import { busTarget } from './bus-target.js';
import { DeliveryRunner, type DeliveryRunnerOptions } from './delivery-runner.js';
import { functionTarget, type AsyncFunctions } from './function-target.js';
import { InvocationRates } from './invocation-rate.js';
import { queueTarget } from './queue-target.js';
import { DEFAULT_DELIVERY_BACKOFF } from './retry-policy.js';
import { TargetKinds } from './target-kind.js';
import { topicTarget } from './topic-target.js';
import type { TopicPublisher } from '../../topics/publish-to-topic.js';

export interface BusDeliveryOptions extends DeliveryRunnerOptions {
  /** Delays between a target's retries (default: from 1 s, doubling to 5 minutes, full jitter); tests shorten them. */
  readonly backoff?: ExponentialBackoff;
}

export interface BusDeliveryDeps {
  readonly store: BusStore;
  readonly router: EventRouter;
  readonly queues: QueuesContext;
  readonly functions: AsyncFunctions;
  readonly clock: Clock;
  readonly deployment: Deployment;
  readonly logger: Logger;
  readonly options?: BusDeliveryOptions;
  /** How API destinations are called, and their connections' OAuth tokens (shared with the ConnectionAuthorizer). */
  readonly connections: { readonly http: HttpClient; readonly tokens: OAuthTokens };
  /** Told each attempt's outcome (`eddy events tail`). */
  readonly activity?: BusActivity;
  /** SNS Publish for topic targets (src/topics/publish-to-topic.ts); without it, a topic target fails as an unknown kind. */
  readonly topics?: TopicPublisher;
}

/** The delivery runner with every kind of target Eddy delivers to (one line each: the registry). */
export function busDeliveryRunner(deps: BusDeliveryDeps): DeliveryRunner {
  const kinds = new TargetKinds([
    functionTarget(deps.functions, deps.deployment),
    queueTarget(deps.queues),
    busTarget(deps.router, deps.deployment, deps.clock),
    apiDestinationTarget({ store: deps.store, deployment: deps.deployment, clock: deps.clock, ...deps.connections, rates: new InvocationRates() }),
    ...(deps.topics ? [topicTarget(deps.topics)] : []),
  ]);
  const attempt = { kinds, queues: deps.queues, clock: deps.clock, logger: deps.logger, backoff: deps.options?.backoff ?? DEFAULT_DELIVERY_BACKOFF };
  return new DeliveryRunner(deps.store, (delivery) => attemptDelivery(delivery, attempt), deps.clock, deps.logger, deps.options, deps.activity);
}
