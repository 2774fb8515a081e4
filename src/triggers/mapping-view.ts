import type { Deployment } from '../shared/arns.js';
import { mappingFunctionArn } from './mapping-function.js';
import type { Mapping } from './mappings-context.js';

export const mappingArn = (d: Deployment, uuid: string): string => `arn:aws:lambda:${d.region}:${d.account}:event-source-mapping:${uuid}`;

/** EventSourceMappingConfiguration as the Lambda API answers it (SEMANTICS.md §B.3). */
export function mappingConfiguration(mapping: Mapping, d: Deployment, state?: string): Record<string, unknown> {
  const s = mapping.config;
  return {
    UUID: mapping.uuid,
    EventSourceMappingArn: mappingArn(d, mapping.uuid),
    StartingPosition: s.startingPosition,
    BatchSize: s.batchSize,
    MaximumBatchingWindowInSeconds: s.maximumBatchingWindowInSeconds,
    ParallelizationFactor: s.parallelizationFactor,
    EventSourceArn: mapping.sourceArn,
    FunctionArn: mappingFunctionArn(d, mapping),
    LastModified: mapping.modifiedAt / 1000,
    LastProcessingResult: s.lastProcessingResult,
    State: state ?? s.state,
    StateTransitionReason: 'User action',
    DestinationConfig: { OnFailure: s.onFailureDestination === undefined ? {} : { Destination: s.onFailureDestination } },
    ...(s.filterPatterns.length > 0 && { FilterCriteria: { Filters: s.filterPatterns.map((Pattern) => ({ Pattern })) } }),
    MaximumRecordAgeInSeconds: s.maximumRecordAgeInSeconds,
    BisectBatchOnFunctionError: s.bisectBatchOnFunctionError,
    MaximumRetryAttempts: s.maximumRetryAttempts,
    TumblingWindowInSeconds: s.tumblingWindowInSeconds,
    FunctionResponseTypes: s.functionResponseTypes,
  };
}
