// Schedule expressions: parsing rate(), cron() and at() as AWS does, and computing their firing times.
export { parseScheduleExpression } from './parse-schedule-expression.js';
export type { ParseScheduleOptions } from './parse-schedule-expression.js';
export { InvalidScheduleExpressionError } from './invalid-schedule-expression-error.js';
export type {
  AtExpression,
  CronExpression,
  DayRule,
  RateExpression,
  ScheduleExpression,
  ScheduleKind,
} from './schedule-expression.js';
export { nextFiring } from './next-firing.js';
export type { FiringOptions } from './next-firing.js';
export { firingsBetween } from './firings-between.js';
export { TimeZone } from './time-zone.js';
