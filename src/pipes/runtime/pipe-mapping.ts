import type { MappingSettings } from '../../triggers/mapping-settings.js';
import type { Mapping } from '../../triggers/mappings-context.js';
import type { QueueMappingSettings } from '../../triggers/queue-source/index.js';
import type { PipeDefinition } from '../pipe-definition.js';

interface StreamParameters {
  StartingPosition?: 'TRIM_HORIZON' | 'LATEST';
  BatchSize?: number;
  MaximumBatchingWindowInSeconds?: number;
  ParallelizationFactor?: number;
  MaximumRetryAttempts?: number;
  MaximumRecordAgeInSeconds?: number;
  OnPartialBatchItemFailure?: 'AUTOMATIC_BISECT';
  DeadLetterConfig?: { Arn?: string };
}

/**
 * A pipe with a stream source as the trigger runtime runs it: a mapping whose id is the pipe's
 * consumer id (its leases and checkpoints), whose settings are DynamoDBStreamParameters with the
 * defaults of SEMANTICS C.10.1. Partial batch failures are always read (by eventID for a function
 * target, turned into sequence numbers by the destination); AUTOMATIC_BISECT halves failing batches.
 */
export function pipeMapping(pipe: PipeDefinition, modifiedAt: number): Mapping {
  const stream = (pipe.SourceParameters?.['DynamoDBStreamParameters'] ?? {}) as StreamParameters;
  const filters = (pipe.SourceParameters?.['FilterCriteria'] as { Filters?: { Pattern?: string }[] } | undefined)?.Filters ?? [];
  const config: MappingSettings = {
    startingPosition: stream.StartingPosition ?? 'LATEST',
    enabled: pipe.DesiredState === 'RUNNING',
    batchSize: stream.BatchSize ?? defaultBatchSize(pipe, 100),
    maximumBatchingWindowInSeconds: stream.MaximumBatchingWindowInSeconds ?? 0,
    parallelizationFactor: stream.ParallelizationFactor ?? 1,
    maximumRetryAttempts: stream.MaximumRetryAttempts ?? -1,
    maximumRecordAgeInSeconds: stream.MaximumRecordAgeInSeconds ?? -1,
    bisectBatchOnFunctionError: stream.OnPartialBatchItemFailure === 'AUTOMATIC_BISECT',
    ...(stream.DeadLetterConfig?.Arn !== undefined && { onFailureDestination: stream.DeadLetterConfig.Arn }),
    functionResponseTypes: ['ReportBatchItemFailures'],
    tumblingWindowInSeconds: 0,
    filterPatterns: filters.map((f) => f.Pattern ?? '{}'),
    state: pipe.DesiredState === 'RUNNING' ? 'Enabled' : 'Disabled',
    lastProcessingResult: 'No records processed',
  };
  return { uuid: pipe.consumerId, functionName: pipe.Name, sourceArn: pipe.Source, config, createdAt: modifiedAt, modifiedAt };
}

/**
 * A pipe with a queue source as the queue poller runs it: SqsQueueParameters (BatchSize default 10,
 * MaximumBatchingWindowInSeconds default 0), its filters, partial failures by messageId read always.
 * Failed messages stay on the queue for their visibility timeout and its redrive policy, as a trigger's.
 */
export function pipeQueueSettings(pipe: PipeDefinition): QueueMappingSettings {
  const sqs = (pipe.SourceParameters?.['SqsQueueParameters'] ?? {}) as { BatchSize?: number; MaximumBatchingWindowInSeconds?: number };
  const filters = (pipe.SourceParameters?.['FilterCriteria'] as { Filters?: { Pattern?: string }[] } | undefined)?.Filters ?? [];
  return {
    kind: 'sqs',
    enabled: pipe.DesiredState === 'RUNNING',
    batchSize: sqs.BatchSize ?? defaultBatchSize(pipe, 10),
    maximumBatchingWindowInSeconds: sqs.MaximumBatchingWindowInSeconds ?? 0,
    functionResponseTypes: ['ReportBatchItemFailures'],
    filterPatterns: filters.map((f) => f.Pattern ?? '{}'),
    state: pipe.DesiredState === 'RUNNING' ? 'Enabled' : 'Disabled',
    lastProcessingResult: 'No records processed',
  };
}

/**
 * The source's BatchSize when none is set: the source's default (100 for a stream, 10 for a queue),
 * or 1 when the target or the enrichment is an API destination, which takes no batches (SEMANTICS C.10.2).
 */
function defaultBatchSize(pipe: PipeDefinition, sourceDefault: number): number {
  const unbatched = /:api-destination\//.test(pipe.Target) || /:api-destination\//.test(pipe.Enrichment ?? '');
  return unbatched ? 1 : sourceDefault;
}
