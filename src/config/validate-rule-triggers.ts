import { compilePattern, InvalidEventPatternError } from '../patterns/index.js';
import { InvalidScheduleExpressionError, parseScheduleExpression } from '../schedules/index.js';
import type { FilterPattern } from './config-types.js';
import type { ConfigChecker, ConfigPath } from './config-checker.js';

/** EventPattern's model bound: 4096 characters of JSON. */
const MAX_PATTERN_LENGTH = 4096;

/**
 * An event pattern of a rule, an archive or a function's `eventBridge` event, checked by src/patterns as
 * PutRule checks it: `Event pattern is not valid. Reason: …` in AWS's words.
 */
export function validateEventPattern(check: ConfigChecker, raw: unknown, path: ConfigPath): FilterPattern | undefined {
  const pattern = check.object(raw, path);
  if (!pattern) return undefined;
  const length = JSON.stringify(pattern).length;
  if (length > MAX_PATTERN_LENGTH) {
    check.problem(path, `a pattern is at most ${MAX_PATTERN_LENGTH} characters of JSON, got ${length}`);
    return undefined;
  }
  try {
    compilePattern(pattern);
  } catch (error) {
    if (!(error instanceof InvalidEventPatternError)) throw error;
    check.problem(path, error.message);
    return undefined;
  }
  return pattern;
}

/** `rate(…)` or `cron(…)` as PutRule takes them, parsed by src/schedules (which says why one is refused). */
export function validateSchedule(check: ConfigChecker, raw: unknown, path: ConfigPath): string | undefined {
  const what = 'a schedule, rate(…) or cron(…)';
  if (typeof raw !== 'string') return check.expected(path, what, raw);
  try {
    parseScheduleExpression(raw, { allow: ['rate', 'cron'] });
    return raw;
  } catch (error) {
    if (!(error instanceof InvalidScheduleExpressionError)) throw error;
    return check.expected(path, `${what} (${error.reason})`, raw);
  }
}
