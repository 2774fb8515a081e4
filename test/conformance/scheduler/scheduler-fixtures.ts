import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { testCredentials, type TestEddy } from '../../helpers/eddy.js';

export const ROLE = 'arn:aws:iam::000000000000:role/scheduler';
export const queueArnOf = (name: string): string => `arn:aws:sqs:us-east-1:000000000000:${name}`;
export const scheduleArnOf = (group: string, name: string): string => `arn:aws:scheduler:us-east-1:000000000000:schedule/${group}/${name}`;
export const groupArnOf = (name: string): string => `arn:aws:scheduler:us-east-1:000000000000:schedule-group/${name}`;

/** A Scheduler client on the Eddy's endpoint, no retries (errors surface as thrown). */
export function schedulerClient(eddy: TestEddy): SchedulerClient {
  return new SchedulerClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
}

let counter = 0;
export const uniqueName = (prefix: string): string => `${prefix}-${process.pid}-${++counter}`;
