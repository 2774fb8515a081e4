import { lambdaRest, type CorpusEntry, type LiveState } from './fuzz-request.js';
import { marker } from './markers.js';

/**
 * A valid request of every Scheduler route (src/api/scheduler-service.ts). Schedules are created DISABLED
 * (nothing runs) in the group `fuzz-kept`, which the first entry creates; the marker travels in the
 * Description and the Input. Requests go through the REST helper (the fuzzed Eddy verifies no signatures).
 */

const ROLE = (live: LiveState) => `arn:aws:iam::${live.account}:role/fuzz`;
const queue = (live: LiveState) => `arn:aws:sqs:${live.region}:${live.account}:scratch`;
const groupArn = (live: LiveState) => encodeURIComponent(`arn:aws:scheduler:${live.region}:${live.account}:schedule-group/fuzz-kept`);

const schedule = (n: number, live: LiveState, expression: string) => ({
  GroupName: 'fuzz-kept',
  ScheduleExpression: expression,
  ScheduleExpressionTimezone: 'Europe/Berlin',
  StartDate: 1_900_000_000,
  Description: marker(n),
  State: 'DISABLED',
  ActionAfterCompletion: 'NONE',
  FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 5 },
  Target: {
    Arn: queue(live),
    RoleArn: ROLE(live),
    Input: JSON.stringify({ marker: marker(n), at: '<aws.scheduler.scheduled-time>' }),
    RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 120 },
    DeadLetterConfig: { Arn: queue(live) },
  },
  ClientToken: `fuzz-${n}`,
});

export const schedulerCorpus: readonly CorpusEntry[] = [
  // The group and `kept` schedule the other entries name: first, so the unmutated pass creates them before they run.
  { name: 'Scheduler CreateScheduleGroup (kept)', build: () => lambdaRest('POST', '/schedule-groups/fuzz-kept', { Tags: [{ Key: 'fuzz', Value: 'kept' }] }) },
  { name: 'Scheduler CreateSchedule (kept)', build: (n, live) => lambdaRest('POST', '/schedules/kept', schedule(n, live, 'cron(0 9 ? * MON-FRI *)')) },
  { name: 'Scheduler CreateSchedule', build: (n, live) => lambdaRest('POST', `/schedules/fuzz-${n}`, schedule(n, live, 'rate(5 minutes)')) },
  { name: 'Scheduler CreateSchedule (at)', build: (n, live) => lambdaRest('POST', `/schedules/at-${n}`, schedule(n, live, 'at(2030-01-01T09:00:00)')) },
  {
    name: 'Scheduler CreateSchedule (universal target)',
    build: (n, live) => {
      const body = schedule(n, live, 'rate(1 day)');
      return lambdaRest('POST', `/schedules/universal-${n}`, { ...body, Target: { ...body.Target, Arn: 'arn:aws:scheduler:::aws-sdk:sqs:sendMessage', Input: JSON.stringify({ QueueUrl: 'scratch', MessageBody: marker(n) }) } });
    },
  },
  { name: 'Scheduler UpdateSchedule', build: (n, live) => lambdaRest('PUT', '/schedules/kept', schedule(n, live, 'rate(1 hour)')) },
  { name: 'Scheduler GetSchedule', build: () => lambdaRest('GET', '/schedules/kept?groupName=fuzz-kept') },
  { name: 'Scheduler ListSchedules', build: () => lambdaRest('GET', '/schedules?ScheduleGroup=fuzz-kept&NamePrefix=fuzz&State=DISABLED&MaxResults=5') },
  { name: 'Scheduler DeleteSchedule', build: (n) => lambdaRest('DELETE', `/schedules/fuzz-${n - 1}?groupName=fuzz-kept&clientToken=del-${n}`) },
  { name: 'Scheduler CreateScheduleGroup', build: (n) => lambdaRest('POST', `/schedule-groups/fuzz-${n}`, { Tags: [{ Key: 'fuzz', Value: marker(n) }], ClientToken: `group-${n}` }) },
  { name: 'Scheduler GetScheduleGroup', build: () => lambdaRest('GET', '/schedule-groups/fuzz-kept') },
  { name: 'Scheduler ListScheduleGroups', build: () => lambdaRest('GET', '/schedule-groups?NamePrefix=fuzz&MaxResults=10') },
  { name: 'Scheduler DeleteScheduleGroup', build: (n) => lambdaRest('DELETE', `/schedule-groups/fuzz-${n - 1}?clientToken=del-${n}`) },
  { name: 'Scheduler TagResource', build: (n, live) => lambdaRest('POST', `/tags/${groupArn(live)}`, { Tags: [{ Key: 'fuzz', Value: marker(n) }] }) },
  { name: 'Scheduler ListTagsForResource', build: (_n, live) => lambdaRest('GET', `/tags/${groupArn(live)}`) },
  { name: 'Scheduler UntagResource', build: (_n, live) => lambdaRest('DELETE', `/tags/${groupArn(live)}?TagKeys=fuzz&TagKeys=other`) },
];
