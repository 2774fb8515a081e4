import { sqsErrors } from './sqs-errors.js';

const MAX_NAME_LENGTH = 80;
const STANDARD = /^[A-Za-z0-9_-]{1,80}$/;
const FIFO = /^[A-Za-z0-9_-]+\.fifo$/;

/**
 * Checks a queue name for a standard or FIFO queue (both messages observed from SQS; a standard
 * queue named `x.fifo` gets the standard one). A FIFO name's 80 characters include `.fifo`.
 */
export function checkQueueName(name: unknown, fifo: boolean): string {
  if (typeof name !== 'string' || name.length === 0) throw sqsErrors.missingRequiredParameter('QueueName');
  if (fifo) {
    if (name.length > MAX_NAME_LENGTH || !FIFO.test(name)) {
      throw sqsErrors.invalidParameterValue(
        'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.',
      );
    }
  } else if (!STANDARD.test(name)) {
    throw sqsErrors.invalidParameterValue('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
  }
  return name;
}
