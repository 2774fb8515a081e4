// EventBridge Scheduler: schedule groups, at/rate/cron schedules with time zones, each due time claimed once and delivered to its target.
export type { SchedulerContext } from './scheduler-context.js';
export { SchedulerLoop } from './firing/scheduler-loop.js';
