// The event bus: EventBridge's buses, rules and targets (and, as they land, events, deliveries, archives and schedules).
export type { BusContext, BusOperation } from './bus-context.js';
export { busErrors } from './bus-errors.js';
