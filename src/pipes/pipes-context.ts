import type { Deployment } from '../shared/arns.js';
import type { Clock } from '../shared/clock.js';
import type { StorageEngine } from '../storage/engine.js';
import type { PipeStore } from '../storage/pipe-store.js';
import { compilePattern } from '../patterns/index.js';
import { apiDestinationOfArn } from '../bus/bus-arns.js';
import type { ApiDestinationDefinition } from '../bus/bus-documents.js';

/** What the Pipes operations receive. */
export interface PipesContext {
  readonly store: PipeStore;
  readonly clock: Clock;
  readonly deployment: Deployment;
  /** Whether a stream exists (a pipe's DynamoDB source must). */
  streamExists(tableName: string, label: string): Promise<boolean>;
  /** Whether a queue of this deployment exists (a pipe's SQS source must). */
  queueExists(name: string): Promise<boolean>;
  /** Whether the API destination an ARN names exists (the same name and id: one deleted and created again has a new ARN). */
  apiDestinationExists(arn: string): Promise<boolean>;
  /** Checks one filter pattern with the shared pattern engine; throws when it is not valid. */
  validatePattern(pattern: string): void;
  /** Called after a pipe is created, changed, started, stopped or deleted, so its runtime follows. */
  changed(name: string): void;
}

/** The Pipes context over a storage engine: the pipe store, and the stream and queue lookups its checks need. */
export function pipesContext(
  engine: StorageEngine,
  deps: { clock: Clock; deployment: Deployment; changed(name: string): void },
): PipesContext {
  return {
    store: engine.pipes,
    clock: deps.clock,
    deployment: deps.deployment,
    streamExists: async (tableName, label) => (await engine.getStream(tableName, label)) !== undefined,
    queueExists: async (name) => (await engine.queues.get(name)) !== undefined,
    apiDestinationExists: async (arn) => {
      const named = apiDestinationOfArn(deps.deployment, arn);
      const stored = named && (await engine.bus.getDocument<ApiDestinationDefinition>('api-destination', '', named.name));
      return stored !== undefined && stored.definition.id === named?.id;
    },
    validatePattern: (pattern) => void compilePattern(JSON.parse(pattern) as object),
    changed: (name) => deps.changed(name),
  };
}
