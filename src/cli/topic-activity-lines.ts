import type { CapturedMessage, DeliveryAttempt } from '../topics/delivery/topic-activity.js';

const nameOf = (arn: string) => arn.split(':').at(-1) ?? arn;
const clock = (iso: string) => iso.slice(11, 23);

/**
 * A captured message (email, email-json, sms; never sent) as `eddy topics tail` prints it: time, topic,
 * protocol → address, the subject, then the body indented, and where it was written.
 */
export function capturedLines(message: CapturedMessage): string {
  const head = `${clock(message.timestamp)}  ${nameOf(message.topicArn)}  ${message.protocol} → ${message.to}${message.subject === undefined ? '' : `  "${message.subject}"`}`;
  const body = message.body.split('\n').map((line) => `    ${line}`).join('\n');
  return `${head}\n${body}${message.file === undefined ? '' : `\n    (${message.file})`}`;
}

const MARKS: Record<DeliveryAttempt['outcome'], string> = { delivered: '✓', retry: '↻', 'dead-lettered': '✗', dropped: '✗' };

/** One delivery attempt's outcome (`--all`): mark, topic, protocol → endpoint, kind, message id, attempt, error. */
export function deliveryLine(attempt: DeliveryAttempt): string {
  const error = attempt.error === undefined ? '' : `: ${attempt.error}`;
  const what = attempt.outcome === 'delivered' ? '' : ` ${attempt.outcome}`;
  return `  ${MARKS[attempt.outcome]} ${nameOf(attempt.topicArn)}  ${attempt.protocol} → ${attempt.endpoint}  ${attempt.kind} ${attempt.messageId.slice(0, 8)} (attempt ${attempt.attempt})${what}${error}`;
}
