import { randomFillSync } from 'node:crypto';
import { randomUuid } from '../shared/random-uuid.js';

/** A request id as most AWS services send it in x-amzn-RequestId (SQS, Lambda, EventBridge): a UUID. */
export const newRequestId = (): string => randomUuid();

/**
 * DynamoDB's request ids are 52 characters of base32hex, upper case (0-9, A-V), e.g.
 * `JBTTLDRJMM0ER1RL8BOB4GA9K3VV4KQNSO5AEMVJF66Q9ASUAAJG`; DynamoDB Local and dynalite send the same
 * shape. Drawn from a pool filled 128 ids at a time, as randomUuid does, so an id costs one string.
 */
export function newDynamoDbRequestId(): string {
  if (next === IDS_PER_FILL) fill();
  const start = next++ * ID_LENGTH;
  return pool.toString('latin1', start, start + ID_LENGTH);
}

/**
 * The id format for a request by its X-Amz-Target: DynamoDB's for DynamoDB and DynamoDB Streams
 * (`DynamoDBStreams_20120810`, served by the same front end; its format there is unconfirmed),
 * a UUID for every other service.
 */
export function requestIdFor(target: string | string[] | undefined): string {
  return typeof target === 'string' && target.startsWith('DynamoDB') ? newDynamoDbRequestId() : randomUuid();
}

const ID_LENGTH = 52;
const IDS_PER_FILL = 128;
const ALPHABET = Buffer.from('0123456789ABCDEFGHIJKLMNOPQRSTUV', 'latin1');
const pool = Buffer.allocUnsafe(ID_LENGTH * IDS_PER_FILL);
let next = IDS_PER_FILL;

function fill(): void {
  randomFillSync(pool);
  // 32 symbols: the low five bits of each random byte pick one uniformly.
  for (let i = 0; i < pool.length; i++) pool[i] = ALPHABET[pool[i]! & 31]!;
  next = 0;
}
