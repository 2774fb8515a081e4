import assert from 'node:assert/strict';
import { SNSClient } from '@aws-sdk/client-sns';
import { testCredentials, type TestEddy } from '../../helpers/eddy.js';

export const ACCOUNT = '000000000000';
export const REGION = 'us-east-1';
export const topicArnOf = (name: string) => `arn:aws:sns:${REGION}:${ACCOUNT}:${name}`;
export const queueArnOf = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;

let counter = 0;
export const uniqueName = (prefix: string) => `${prefix}-${process.pid}-${++counter}`;

export const snsClient = (eddy: TestEddy) => new SNSClient({ endpoint: eddy.endpoint, region: REGION, credentials: testCredentials, maxAttempts: 1 });

/** Asserts `promise` rejects with the SNS error `code`, HTTP `status` and (when given) exactly `message` (or matching it). */
export async function rejectsWith(promise: Promise<unknown>, code: string, status: number, message?: string | RegExp): Promise<void> {
  await assert.rejects(promise, (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(error.name, code, error.message);
    assert.equal(error.$metadata?.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(error.message, message);
    else if (message) assert.match(error.message, message);
    return true;
  });
}
