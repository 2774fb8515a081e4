import type { FunctionRuntime } from '../functions/function-runtime.js';
import type { Deployment } from '../shared/arns.js';
import type { Clock } from '../shared/clock.js';
import type { StorageEngine } from '../storage/engine.js';
import type { MappingSettings } from './mapping-settings.js';
import type { MappingRecord } from '../storage/trigger-store.js';

export type Mapping = MappingRecord<MappingSettings>;

/** What the event source mapping operations receive. */
export interface MappingsContext {
  readonly engine: StorageEngine;
  readonly runtime: FunctionRuntime;
  readonly deployment: Deployment;
  readonly clock: Clock;
  /**
   * Whether a version or an alias of the function exists (`$LATEST` always does): a mapping may name one
   * in its FunctionName. Functions of eddy.config.ts have neither.
   */
  hasQualifier(functionName: string, qualifier: string): Promise<boolean>;
  /** Checks one filter pattern; throws when it is not valid. */
  validatePattern(pattern: string): void;
  /** Called after a mapping is created, changed or deleted, so its consumers start, change or stop. */
  changed(uuid: string): void;
  /** What the mapping's running consumer last did ('OK', 'PROBLEM: Function call failed'), if anything. */
  lastProcessingResult(uuid: string): string | undefined;
}
