import { at, type ConfigChecker, type ConfigPath } from '../../config/config-checker.js';
import { ServiceError } from '../../shared/service-error.js';
import { defaultDeployment, type Deployment } from '../../shared/arns.js';
import { DEFAULT_GROUP } from '../schedule-definition.js';
import { checkScheduleInput } from '../validation/check-schedule.js';
import type { NormalizedSchedule } from './schedule-config.js';

const FIELDS = ['at', 'rate', 'cron', 'timezone', 'target', 'input', 'group', 'description', 'enabled', 'start', 'end', 'flexibleWindow', 'deleteAfterCompletion', 'retryPolicy', 'deadLetter'];
const NAME = { test: /^[0-9a-zA-Z\-_.]{1,64}$/, what: '1–64 letters, digits, -, _ or .' };

/** The ARNs a config schedule's names stand for, in `deployment`. */
export function scheduleRequest(schedule: NormalizedSchedule, deployment: Deployment): Record<string, unknown> {
  const { refs } = schedule;
  const base = `${deployment.region}:${deployment.account}`;
  const arn =
    refs.function !== undefined ? `arn:aws:lambda:${base}:function:${refs.function}`
    : refs.bus !== undefined ? `arn:aws:events:${base}:event-bus/${refs.bus}`
    : refs.topic !== undefined ? `arn:aws:sns:${base}:${refs.topic}`
    : `arn:aws:sqs:${base}:${refs.queue}`;
  const target = schedule.request['Target'] as Record<string, unknown>;
  const dlq = refs.deadLetter === undefined ? {} : { DeadLetterConfig: { Arn: `arn:aws:sqs:${base}:${refs.deadLetter}` } };
  return { ...schedule.request, Target: { Arn: arn, RoleArn: `arn:aws:iam::${deployment.account}:role/eddy-scheduler`, ...target, ...dlq } };
}

/**
 * The config's `schedules`: each one's shape checked here, then the CreateSchedule request it makes
 * checked as the API checks it (checkScheduleInput: expressions, zones, bounds), its message reported at
 * the schedule's path. Whether the function, queue and bus exist is checked before applying (apply-schedules.ts;
 * a topic in apply-topics.ts).
 */
export function validateSchedules(check: ConfigChecker, raw: unknown, path: ConfigPath): Record<string, NormalizedSchedule> {
  const out: Record<string, NormalizedSchedule> = {};
  const schedules = check.object(raw, path);
  if (!schedules) return out;
  for (const [name, value] of Object.entries(schedules)) {
    const p = at(path, name);
    const named = check.string(name, p, NAME) !== undefined;
    const s = check.object(value, p, FIELDS);
    if (!s || !named) continue;
    const field = (key: string) => at(p, key);
    const kinds = (['at', 'rate', 'cron'] as const).filter((kind) => s[kind] !== undefined);
    if (kinds.length !== 1) {
      check.problem(p, `exactly one of at, rate and cron is needed, got ${kinds.length === 0 ? 'none' : kinds.join(' and ')}`);
      continue;
    }
    const kind = kinds[0]!;
    const expression = check.string(s[kind], field(kind));
    const target = check.object(s['target'], field('target'), ['function', 'queue', 'messageGroupId', 'bus', 'source', 'detailType', 'topic']);
    if (expression === undefined || !check.present(s['target'], field('target')) || !target) continue;
    const targetKinds = ['function', 'queue', 'bus', 'topic'].filter((k) => target[k] !== undefined);
    if (targetKinds.length !== 1) {
      check.problem(field('target'), 'exactly one of function, queue, bus and topic is needed');
      continue;
    }
    const [targetKind] = targetKinds as ['function' | 'queue' | 'bus' | 'topic'];
    const targetName = check.string(target[targetKind], at(field('target'), targetKind));
    const deadLetter = s['deadLetter'] === undefined ? undefined : check.object(s['deadLetter'], field('deadLetter'), ['queue']);
    const dlq = deadLetter === undefined ? undefined : check.string(deadLetter['queue'], at(field('deadLetter'), 'queue'));
    const retry = s['retryPolicy'] === undefined ? undefined : check.object(s['retryPolicy'], field('retryPolicy'), ['maximumRetryAttempts', 'maximumEventAgeInSeconds']);
    const enabled = s['enabled'] === undefined ? true : check.boolean(s['enabled'], field('enabled'));
    const window = s['flexibleWindow'] === undefined ? undefined : check.integer(s['flexibleWindow'], field('flexibleWindow'), 1, 1440);
    const time = (key: 'start' | 'end'): number | undefined => {
      if (s[key] === undefined) return undefined;
      const text = check.string(s[key], field(key));
      const ms = text === undefined ? NaN : Date.parse(text);
      if (Number.isNaN(ms)) return check.expected(field(key), 'an ISO 8601 time', s[key]);
      return ms / 1000;
    };
    const group = s['group'] === undefined ? DEFAULT_GROUP : check.string(s['group'], field('group'), NAME);
    if (targetName === undefined || enabled === undefined || group === undefined) continue;
    const input = s['input'];
    const request: Record<string, unknown> = {
      ScheduleExpression: `${kind}(${expression})`,
      ...(s['timezone'] !== undefined && { ScheduleExpressionTimezone: s['timezone'] }),
      ...(s['start'] !== undefined && { StartDate: time('start') }),
      ...(s['end'] !== undefined && { EndDate: time('end') }),
      ...(s['description'] !== undefined && { Description: s['description'] }),
      State: enabled ? 'ENABLED' : 'DISABLED',
      ActionAfterCompletion: s['deleteAfterCompletion'] === true ? 'DELETE' : 'NONE',
      FlexibleTimeWindow: window === undefined ? { Mode: 'OFF' } : { Mode: 'FLEXIBLE', MaximumWindowInMinutes: window },
      Target: {
        ...(input !== undefined && { Input: typeof input === 'string' ? input : JSON.stringify(input) }),
        ...(retry && {
          RetryPolicy: {
            ...(retry['maximumRetryAttempts'] !== undefined && { MaximumRetryAttempts: retry['maximumRetryAttempts'] }),
            ...(retry['maximumEventAgeInSeconds'] !== undefined && { MaximumEventAgeInSeconds: retry['maximumEventAgeInSeconds'] }),
          },
        }),
        ...((targetKind === 'queue' || targetKind === 'topic') && target['messageGroupId'] !== undefined && { SqsParameters: { MessageGroupId: target['messageGroupId'] } }),
        ...(targetKind === 'bus' && { EventBridgeParameters: { Source: target['source'] ?? 'eddy.scheduler', DetailType: target['detailType'] ?? name } }),
      },
      ...(group !== DEFAULT_GROUP && { GroupName: group }),
    };
    const refs = {
      ...(targetKind === 'function' && { function: targetName }),
      ...(targetKind === 'queue' && { queue: targetName }),
      ...(targetKind === 'bus' && { bus: targetName }),
      ...(targetKind === 'topic' && { topic: targetName }),
      ...(dlq !== undefined && { deadLetter: dlq }),
    };
    try {
      checkScheduleInput(name, scheduleRequest({ group, request, refs }, defaultDeployment));
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      check.problem(p, error.message);
      continue;
    }
    out[name] = { group, request, refs };
  }
  return out;
}
