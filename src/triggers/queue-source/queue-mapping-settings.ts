import { lambdaErrors } from '../../lambda/lambda-errors.js';
import type { QualifiedSettings } from '../mapping-function.js';
import { constraint, filtersFrom, integerValue as integer, responseTypesFrom } from '../mapping-input.js';

/**
 * An SQS queue → function mapping's settings, as stored (AWS "Lambda parameters for Amazon SQS event
 * source mappings"). `kind` tells them apart from stream mappings' settings in the trigger store.
 */
export interface QueueMappingSettings extends QualifiedSettings {
  kind: 'sqs';
  enabled: boolean;
  /** 1–10,000 (1–10 for FIFO queues), default 10. */
  batchSize: number;
  /** 0–300; not for FIFO queues; at least 1 when batchSize > 10. */
  maximumBatchingWindowInSeconds: number;
  /** [] or ['ReportBatchItemFailures']. */
  functionResponseTypes: string[];
  /** ScalingConfig.MaximumConcurrency (2–1000); absent: no cap of the mapping's own. */
  maximumConcurrency?: number;
  /** The filter patterns as given (JSON text each). */
  filterPatterns: string[];
  state: 'Creating' | 'Enabled' | 'Disabled' | 'Updating' | 'Enabling' | 'Disabling' | 'Deleting';
  lastProcessingResult: string;
}

export const DEFAULT_QUEUE_BATCH_SIZE = 10;

/** Members of CreateEventSourceMapping that only stream sources take. */
const STREAM_ONLY = ['ParallelizationFactor', 'MaximumRetryAttempts', 'MaximumRecordAgeInSeconds', 'BisectBatchOnFunctionError', 'TumblingWindowInSeconds'];

/** A FIFO queue's ARN: its name ends in `.fifo`. */
export const isFifoQueueArn = (arn: string): boolean => arn.endsWith('.fifo');

export interface QueueSettingsOptions {
  /** The source queue is FIFO (see isFifoQueueArn). */
  readonly fifo: boolean;
  /** Checks one filter pattern (the pattern engine); throws on an invalid one. */
  readonly validatePattern: (pattern: string) => void;
}

/**
 * The settings members of a Create or Update request for an SQS source, checked; `current` gives the
 * values an Update leaves alone (for Create: undefined, and AWS's defaults apply). Throws Lambda's
 * errors: ValidationException for model ranges, InvalidParameterValueException for the rest.
 */
export function queueSettingsFrom(
  input: Record<string, unknown>,
  current: QueueMappingSettings | undefined,
  options: QueueSettingsOptions,
): QueueMappingSettings {
  if (input['StartingPosition'] !== undefined && input['StartingPosition'] !== null) {
    // Observed: "StartingPosition is not valid for SQS event sources."
    throw lambdaErrors.invalidParameterValue('StartingPosition is not valid for SQS event sources.');
  }
  for (const member of STREAM_ONLY) {
    if (input[member] !== undefined && input[member] !== null) {
      // Worded as AWS words an OnSuccess destination on an ESM; unconfirmed for these members.
      throw lambdaErrors.invalidParameterValue(`Unsupported ${member} parameter for given event source mapping type.`);
    }
  }
  const destination = input['DestinationConfig'] as { OnFailure?: { Destination?: unknown }; OnSuccess?: { Destination?: unknown } } | undefined | null;
  if (destination?.OnFailure?.Destination !== undefined || destination?.OnSuccess?.Destination !== undefined) {
    throw lambdaErrors.invalidParameterValue('Unsupported DestinationConfig parameter for given event source mapping type.');
  }
  const batchSize = integer(input['BatchSize'], 'BatchSize', 'batchSize', 1, 10_000) ?? current?.batchSize ?? DEFAULT_QUEUE_BATCH_SIZE;
  const window =
    integer(input['MaximumBatchingWindowInSeconds'], 'MaximumBatchingWindowInSeconds', 'maximumBatchingWindowInSeconds', 0, 300) ??
    current?.maximumBatchingWindowInSeconds ??
    0;
  const maximumConcurrency = scalingFrom(input['ScalingConfig'], current);
  const functionResponseTypes = responseTypesFrom(input['FunctionResponseTypes'], current?.functionResponseTypes);
  const filterPatterns = filtersFrom(input['FilterCriteria'], current?.filterPatterns, options.validatePattern);
  const enabledInput = input['Enabled'];
  if (enabledInput !== undefined && enabledInput !== null && typeof enabledInput !== 'boolean') {
    throw lambdaErrors.invalidParameterValue('Enabled must be a boolean');
  }
  if (options.fifo) {
    // Observed (through CloudFormation): "Batching window is not supported for FIFO queues".
    if (window > 0) throw lambdaErrors.invalidParameterValue('Batching window is not supported for FIFO queues');
    // AWS's SQS wording from before batches above 10 existed; unconfirmed for FIFO queues today.
    if (batchSize > 10) throw lambdaErrors.invalidParameterValue('Maximum batch size must be between 1 and 10 inclusive');
  } else if (batchSize > 10 && window < 1) {
    // Observed verbatim.
    throw lambdaErrors.invalidParameterValue('Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10');
  }
  const enabled = (enabledInput as boolean | undefined | null) ?? current?.enabled ?? true;
  return {
    kind: 'sqs',
    enabled,
    batchSize,
    maximumBatchingWindowInSeconds: window,
    functionResponseTypes,
    ...(maximumConcurrency !== undefined && { maximumConcurrency }),
    filterPatterns,
    state: enabled ? 'Enabled' : 'Disabled',
    lastProcessingResult: current?.lastProcessingResult ?? 'No records processed',
  };
}

/** ScalingConfig: absent keeps the current cap; `{}` (or a null MaximumConcurrency) removes it. */
function scalingFrom(scaling: unknown, current: QueueMappingSettings | undefined): number | undefined {
  if (scaling === undefined || scaling === null) return current?.maximumConcurrency;
  if (typeof scaling !== 'object' || Array.isArray(scaling)) throw lambdaErrors.invalidParameterValue('ScalingConfig must be an object');
  return integer((scaling as { MaximumConcurrency?: unknown }).MaximumConcurrency, 'MaximumConcurrency', 'scalingConfig.maximumConcurrency', 2, 1000);
}
