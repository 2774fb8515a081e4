import { join } from 'node:path';
import type { EddyOptions } from '../eddy-options.js';
import type { BusContext } from '../bus/bus-context.js';
import type { AsyncFunctions } from '../bus/delivery/function-target.js';
import { FunctionNotFoundError, FunctionRuntime } from '../functions/function-runtime.js';
import { scratchCodeDirectory } from '../functions/scratch-code-directory.js';
import { EventInvoker } from '../lambda/event-invoker.js';
import { CodeDirectory } from '../lambda/code/code-directory.js';
import { FunctionFollower } from '../lambda/functions/function-follower.js';
import { qualifiedRuntimeName, type ApiFunctions } from '../lambda/functions/function-lookup.js';
import { sendToBus } from '../lambda/destinations/bus-destination.js';
import type { EddyMetrics } from '../metrics/index.js';
import { sendToQueue } from '../queues/send-to-queue.js';
import type { QueuesContext } from '../queues/queues-context.js';
import type { Deployment } from '../shared/arns.js';
import type { LogLevel, Logger } from '../shared/logger.js';
import type { Credentials } from '../shared/credentials.js';
import type { StorageEngine } from '../storage/engine.js';
import { SHARED_POLL_MS } from '../storage/open-engine.js';
import type { TopicPublisher } from '../topics/index.js';
import type { ControlledClock } from '../time/controlled-clock.js';

export interface FunctionWiringParts {
  engine: StorageEngine;
  endpoint: string;
  deployment: Deployment;
  logger: Logger;
  logLevel: LogLevel;
  metrics: EddyMetrics;
  handlerCredentials: Credentials | undefined;
  queues: QueuesContext;
  bus: BusContext;
  publishToTopic: TopicPublisher;
  clock: ControlledClock;
  /** The Lambda API's functions, built later (they need the mappings): called by attempts only, once the server runs. */
  functions: () => ApiFunctions;
  options: EddyOptions;
}

/** The functions' runtime, asynchronous invocations (with their destinations), and the view of both the bus and topics deliver to. */
export function functionWiring(parts: FunctionWiringParts) {
  const { engine, endpoint, deployment, logger, clock, options } = parts;
  const runtime = new FunctionRuntime({
    endpoint: () => endpoint,
    region: deployment.region,
    account: deployment.account,
    logger, metrics: parts.metrics.functions,
    logLevel: parts.logLevel,
    credentials: parts.handlerCredentials,
    ...(options.functions?.cacheDir !== undefined && { cacheDir: options.functions.cacheDir }),
    ...(options.functions?.idleTimeoutMs !== undefined && { idleTimeoutMs: options.functions.idleTimeoutMs }),
  });
  // A dead node's claimed work (async events, bus and topic deliveries) is taken over as soon as its shards; each holder renews its claims.
  const claims = options.cluster?.leaseMs !== undefined ? { leaseMs: options.cluster.leaseMs } : {};
  const qualified = (name: string, qualifier: string) => qualifiedRuntimeName(parts.functions(), deployment, name, qualifier);
  const events = new EventInvoker({
    runtime,
    store: engine.asyncInvocations,
    configs: engine.eventInvokeConfigs,
    destinations: {
      queue: (queueArn, body, attributes) => sendToQueue(parts.queues, { queueArn, body, ...(attributes && { attributes }) }),
      bus: (busArn, event) => sendToBus(parts.bus, busArn, event),
      topic: (topicArn, Message, attributes) => parts.publishToTopic(topicArn, { Message, ...(attributes && { MessageAttributes: attributes }) }),
    },
    clock,
    logger,
    deployment,
    ...(options.functions?.asyncRetryDelaysMs && { retryDelaysMs: options.functions.asyncRetryDelaysMs }),
    ...(engine.capabilities.sharedAcrossProcesses && { pollMs: SHARED_POLL_MS }), // events other nodes stored
    ...claims,
    qualified,
  });
  const asyncFunctions: AsyncFunctions = {
    async exists(name, qualifier) {
      if (qualifier === '$LATEST') return runtime.get(name) !== undefined;
      try {
        await qualified(name, qualifier);
        return true;
      } catch (error) {
        if (error instanceof FunctionNotFoundError) return false;
        throw error; // a storage error: the delivery is retried
      }
    },
    enqueue: (name, payload, qualifier) => events.enqueue(name, payload, qualifier),
  };
  return { runtime, claims, events, asyncFunctions, qualified };
}

/** Code of functions created through the Lambda API: under the data directory, beside the database (a scratch directory in memory). */
export function functionCode(engine: StorageEngine, runtime: FunctionRuntime, logger: Logger, options: EddyOptions) {
  const scratchCode = options.memory || options.data === undefined;
  const codeRoot = scratchCode ? scratchCodeDirectory() : join(options.data!, 'functions');
  const code = new CodeDirectory(codeRoot);
  const follower = new FunctionFollower({ store: engine.functions, runtime, logger, code });
  const functions = { store: engine.functions, code, follower };
  return { scratchCode, codeRoot, follower, functions };
}
