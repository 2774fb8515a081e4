import type { Deployment } from '../../shared/arns.js';
import type { MappingRecord } from '../../storage/trigger-store.js';
import { mappingFunctionArn } from '../mapping-function.js';
import { mappingArn } from '../mapping-view.js';
import type { QueueMappingSettings } from './queue-mapping-settings.js';

export type QueueMapping = MappingRecord<QueueMappingSettings>;

/**
 * EventSourceMappingConfiguration of an SQS mapping as the Lambda API answers it: only the members that
 * apply to queues (no StartingPosition, retries, bisect or destinations); ScalingConfig and
 * FilterCriteria only when set.
 */
export function queueMappingConfiguration(mapping: QueueMapping, d: Deployment, state?: string): Record<string, unknown> {
  const s = mapping.config;
  return {
    UUID: mapping.uuid,
    EventSourceMappingArn: mappingArn(d, mapping.uuid),
    BatchSize: s.batchSize,
    MaximumBatchingWindowInSeconds: s.maximumBatchingWindowInSeconds,
    EventSourceArn: mapping.sourceArn,
    ...(s.filterPatterns.length > 0 && { FilterCriteria: { Filters: s.filterPatterns.map((Pattern) => ({ Pattern })) } }),
    FunctionArn: mappingFunctionArn(d, mapping),
    LastModified: mapping.modifiedAt / 1000,
    State: state ?? s.state,
    StateTransitionReason: 'USER_INITIATED',
    FunctionResponseTypes: s.functionResponseTypes,
    ...(s.maximumConcurrency !== undefined && { ScalingConfig: { MaximumConcurrency: s.maximumConcurrency } }),
  };
}
