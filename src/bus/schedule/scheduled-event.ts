import { randomUUID } from 'node:crypto';
import type { Deployment } from '../../shared/arns.js';
import type { BusEvent } from '../events/bus-event.js';

/**
 * The event a scheduled rule sends its targets when it fires (SEMANTICS C.5): source `aws.events`,
 * detail-type `Scheduled Event`, the rule's ARN as its one resource, an empty detail, and as `time` the
 * time the firing was scheduled for — not when Eddy got round to it, so a firing delivered late (Eddy was
 * stopped) still says which one it is. A new id per firing.
 */
export function scheduledEvent(deployment: Deployment, ruleArn: string, scheduledAt: number): BusEvent {
  return {
    id: randomUUID(),
    detailType: 'Scheduled Event',
    source: 'aws.events',
    account: deployment.account,
    time: scheduledAt,
    region: deployment.region,
    resources: [ruleArn],
    detail: {},
    detailJson: '{}',
  };
}
