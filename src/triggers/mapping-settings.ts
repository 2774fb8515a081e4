import { lambdaErrors } from '../lambda/lambda-errors.js';
import type { QualifiedSettings } from './mapping-function.js';
import { constraint, filtersFrom, integerValue, responseTypesFrom } from './mapping-input.js';

/** A DynamoDB stream → function mapping's settings, as stored (SEMANTICS.md §B.2). */
export interface MappingSettings extends QualifiedSettings {
  startingPosition: 'TRIM_HORIZON' | 'LATEST';
  enabled: boolean;
  batchSize: number;
  maximumBatchingWindowInSeconds: number;
  parallelizationFactor: number;
  maximumRetryAttempts: number;
  maximumRecordAgeInSeconds: number;
  bisectBatchOnFunctionError: boolean;
  /** ARN of the on-failure destination (an SQS queue), if any. */
  onFailureDestination?: string;
  functionResponseTypes: string[];
  tumblingWindowInSeconds: number;
  /** The filter patterns as given (JSON text each). */
  filterPatterns: string[];
  /** The last state change, for the response's State and StateTransitionReason. */
  state: 'Creating' | 'Enabled' | 'Disabled' | 'Updating' | 'Enabling' | 'Disabling' | 'Deleting';
  lastProcessingResult: string;
}

export { MAX_FILTERS } from './mapping-input.js';

function integer(input: Record<string, unknown>, member: string, field: string, min: number, max: number): number | undefined {
  return integerValue(input[member], member, field, min, max);
}

function bool(input: Record<string, unknown>, member: string): boolean | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw lambdaErrors.invalidParameterValue(`${member} must be a boolean`);
  return value;
}

/**
 * The settings members of a Create or Update request, checked; `current` gives the values an Update
 * leaves alone (for Create: undefined, and the defaults apply). `validatePattern` checks one filter
 * pattern (the pattern engine), throwing on an invalid one.
 */
export function settingsFrom(
  input: Record<string, unknown>,
  current: MappingSettings | undefined,
  validatePattern: (pattern: string) => void,
): MappingSettings {
  let startingPosition = current?.startingPosition;
  if (current === undefined) {
    const position = input['StartingPosition'];
    if (position === undefined || position === null) {
      throw lambdaErrors.invalidParameterValue('StartingPosition is required for DynamoDB stream event sources.');
    }
    if (position !== 'TRIM_HORIZON' && position !== 'LATEST') {
      if (position === 'AT_TIMESTAMP') throw lambdaErrors.invalidParameterValue('Unsupported starting position for DynamoDB streams: AT_TIMESTAMP');
      throw constraint('startingPosition', position, 'Member must satisfy enum value set: [TRIM_HORIZON, LATEST, AT_TIMESTAMP]');
    }
    startingPosition = position;
  } else {
    for (const immutable of ['EventSourceArn', 'StartingPosition', 'StartingPositionTimestamp']) {
      if (input[immutable] !== undefined) throw lambdaErrors.invalidParameterValue(`${immutable} cannot be updated.`);
    }
  }
  const windowSeconds = integer(input, 'MaximumBatchingWindowInSeconds', 'maximumBatchingWindowInSeconds', 0, 300);
  const age = integer(input, 'MaximumRecordAgeInSeconds', 'maximumRecordAgeInSeconds', -1, 604_800);
  if (age !== undefined && age >= 0 && age < 60) {
    throw constraint('maximumRecordAgeInSeconds', age, 'Member must have value greater than or equal to 60 or equal to -1');
  }
  const functionResponseTypes = responseTypesFrom(input['FunctionResponseTypes'], current?.functionResponseTypes);
  let onFailureDestination = current?.onFailureDestination;
  const destinations = input['DestinationConfig'];
  if (destinations !== undefined && destinations !== null) {
    const onFailure = (destinations as { OnFailure?: { Destination?: unknown } }).OnFailure;
    const onSuccess = (destinations as { OnSuccess?: { Destination?: unknown } }).OnSuccess;
    if (onSuccess?.Destination !== undefined) {
      throw lambdaErrors.invalidParameterValue('Unsupported DestinationConfig parameter for given event source mapping type.');
    }
    const destination = onFailure?.Destination;
    if (destination === undefined || destination === null || destination === '') onFailureDestination = undefined;
    else if (typeof destination !== 'string' || !/^arn:aws:s(qs|ns):[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+$/.test(destination)) {
      throw lambdaErrors.invalidParameterValue(`The provided destination config DestinationConfig(onSuccess=null, onFailure=OnFailure(destination=${String(destination)})) is invalid.`);
    } else onFailureDestination = destination;
  }
  const filterPatterns = filtersFrom(input['FilterCriteria'], current?.filterPatterns, validatePattern);
  const enabled = bool(input, 'Enabled') ?? current?.enabled ?? true;
  return {
    startingPosition: startingPosition!,
    enabled,
    batchSize: integer(input, 'BatchSize', 'batchSize', 1, 10_000) ?? current?.batchSize ?? 100,
    maximumBatchingWindowInSeconds: windowSeconds ?? current?.maximumBatchingWindowInSeconds ?? 0,
    parallelizationFactor: integer(input, 'ParallelizationFactor', 'parallelizationFactor', 1, 10) ?? current?.parallelizationFactor ?? 1,
    maximumRetryAttempts: integer(input, 'MaximumRetryAttempts', 'maximumRetryAttempts', -1, 10_000) ?? current?.maximumRetryAttempts ?? -1,
    maximumRecordAgeInSeconds: age ?? current?.maximumRecordAgeInSeconds ?? -1,
    bisectBatchOnFunctionError: bool(input, 'BisectBatchOnFunctionError') ?? current?.bisectBatchOnFunctionError ?? false,
    ...(onFailureDestination !== undefined && { onFailureDestination }),
    functionResponseTypes,
    tumblingWindowInSeconds: integer(input, 'TumblingWindowInSeconds', 'tumblingWindowInSeconds', 0, 900) ?? current?.tumblingWindowInSeconds ?? 0,
    filterPatterns,
    state: enabled ? 'Enabled' : 'Disabled',
    lastProcessingResult: current?.lastProcessingResult ?? 'No records processed',
  };
}

/**
 * Whether a shard without a checkpoint is read from its newest record (StartingPosition LATEST) rather than
 * its first: LATEST is where the mapping began on the shards open when it was created. A shard opened
 * since (a rotation's child) holds nothing but records the mapping must see, as Lambda reads a new shard
 * from its start; starting it at its newest record would skip what was written to it while its parent drained.
 */
export function readsFromLatest(mapping: { readonly createdAt: number; readonly config: Pick<MappingSettings, 'startingPosition'> }, shard: { readonly createdAt: number }): boolean {
  return mapping.config.startingPosition === 'LATEST' && shard.createdAt <= mapping.createdAt;
}
