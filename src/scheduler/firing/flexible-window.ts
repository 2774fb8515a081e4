import { createHash } from 'node:crypto';
import type { ScheduleDefinition } from '../schedule-definition.js';

/**
 * How long after its scheduled time a due time of a schedule with `FlexibleTimeWindow { Mode: FLEXIBLE,
 * MaximumWindowInMinutes }` runs: "at some time within the window after the scheduled time" (SEMANTICS F.2;
 * AWS does not say how it picks). Eddy picks a whole second in [0, window) from a hash of the schedule's ARN
 * and the scheduled time: spread over the window, yet the same on every node and after a restart, so the
 * execution the firing stores (once, by its conditional write) is due at one agreed time. 0 with Mode OFF.
 */
export function flexibleDelayMs(window: ScheduleDefinition['FlexibleTimeWindow'], scheduleArn: string, scheduledAt: number): number {
  if (window.Mode !== 'FLEXIBLE' || window.MaximumWindowInMinutes === undefined) return 0;
  const seconds = window.MaximumWindowInMinutes * 60;
  const digest = createHash('sha256').update(`${scheduleArn}\n${scheduledAt}`).digest();
  return (digest.readUInt32BE(0) % seconds) * 1000;
}
