import type { DeadLetterTarget } from '../../functions/function-spec.js';
import { queueArn } from '../../queues/queue-url.js';
import type { Deployment } from '../../shared/arns.js';
import { topicArn } from '../../topics/topic-arns.js';
import type { AttemptAnswer } from './invocation-record.js';
import type { DestinationPorts, MessageAttributes } from './send-record.js';

/** Lambda truncates the ErrorMessage attribute to 1 KB (AWS Lambda Developer Guide, "Dead-letter queues"). */
const MAX_ERROR_MESSAGE_BYTES = 1024;

/**
 * The attributes of a dead letter (AWS Lambda Developer Guide, "Dead-letter queues"; SEMANTICS D.3, G.3):
 * RequestID (String), ErrorCode (Number, the 3-digit HTTP status of the invoke: 200, since the function
 * ran and failed, as observed) and ErrorMessage (String, the error's message, truncated to 1 KB). An event
 * given up on before any attempt (too old) has no error: its message names the condition (unconfirmed).
 */
export function deadLetterAttributes(requestId: string, answer: AttemptAnswer | undefined, condition: string): MessageAttributes {
  return {
    RequestID: { DataType: 'String', StringValue: requestId },
    ErrorCode: { DataType: 'Number', StringValue: '200' },
    ErrorMessage: { DataType: 'String', StringValue: truncate(answer === undefined ? condition : errorMessageOf(answer.payload)) },
  };
}

/** The `errorMessage` of a function error's payload (D.4), else the payload itself. */
function errorMessageOf(payload: string): string {
  try {
    const parsed = JSON.parse(payload) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage;
  } catch {
    // not JSON: the text as it is
  }
  return payload;
}

function truncate(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= MAX_ERROR_MESSAGE_BYTES) return text;
  // Cut at a character boundary: drop a partial UTF-8 sequence at the end.
  return bytes.subarray(0, MAX_ERROR_MESSAGE_BYTES).toString('utf8').replace(/\uFFFD$/, '');
}

/** Sends the event, unchanged, to the function's dead-letter queue or topic ("the original event payload with no modifications"). */
export async function sendDeadLetter(ports: DestinationPorts, d: Deployment, target: DeadLetterTarget, payload: string, attributes: MessageAttributes): Promise<void> {
  if ('queue' in target) await ports.queue(queueArn(d, target.queue), payload, attributes);
  else await ports.topic(topicArn(d, target.topic), payload, attributes);
}
