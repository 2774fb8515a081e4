import type { RawResponse, TestEddy } from '../../helpers/eddy.js';

let counter = 0;

/** A bus or rule name unique in this process. */
export const uniqueName = (prefix: string): string => `${prefix}-${process.pid}-${++counter}`;

export const ACCOUNT = '000000000000';
export const busArnOf = (bus: string): string => `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/${bus}`;
export const ruleArnOf = (bus: string, rule: string): string =>
  bus === 'default' ? `arn:aws:events:us-east-1:${ACCOUNT}:rule/${rule}` : `arn:aws:events:us-east-1:${ACCOUNT}:rule/${bus}/${rule}`;

/** Asserts that `promise` rejects with an SDK error of this name, HTTP status 400 (500 for InternalException) and message (exact, or matching). */
export async function rejectsWith(promise: Promise<unknown>, name: string, message?: string | RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    if (e.name !== name) throw new Error(`expected ${name}, got ${e.name}: ${e.message}`);
    if (e.$metadata?.httpStatusCode !== 400) throw new Error(`expected status 400, got ${e.$metadata?.httpStatusCode}`);
    if (typeof message === 'string' && e.message !== message) throw new Error(`expected message ${JSON.stringify(message)}, got ${JSON.stringify(e.message)}`);
    if (message instanceof RegExp && !message.test(e.message)) throw new Error(`message ${JSON.stringify(e.message)} does not match ${message}`);
    return;
  }
  throw new Error(`expected ${name}, but the call succeeded`);
}

/** An EventBridge request the SDK would not send (wrong member types), over AWS JSON 1.1. */
export const rawEvents = (eddy: TestEddy, operation: string, body: string | object): Promise<RawResponse> =>
  eddy.raw(`AWSEvents.${operation}`, body, { 'content-type': 'application/x-amz-json-1.1' });
