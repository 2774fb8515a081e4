import { sqsErrors } from './sqs-errors.js';
import { checkQueueName } from './queue-name.js';
import {
  formatRedriveAllowPolicy,
  formatRedrivePolicy,
  parseRedriveAllowPolicy,
  parseRedrivePolicy,
  type RedriveAllowPolicy,
  type RedrivePolicy,
} from './redrive-policies.js';

export { checkQueueName } from './queue-name.js';
export { checkTags, checkTagKeys, mergeTags, MAX_TAGS } from './queue-tags.js';
export type { RedriveAllowPolicy, RedrivePolicy } from './redrive-policies.js';

/** A queue's settable attributes, as Eddy keeps them (the wire strings parsed). */
export interface QueueSettings {
  DelaySeconds: number;
  MaximumMessageSize: number;
  MessageRetentionPeriod: number;
  ReceiveMessageWaitTimeSeconds: number;
  VisibilityTimeout: number;
  RedrivePolicy?: RedrivePolicy;
  RedriveAllowPolicy?: RedriveAllowPolicy;
  FifoQueue: boolean;
  ContentBasedDeduplication: boolean;
  DeduplicationScope?: 'messageGroup' | 'queue';
  FifoThroughputLimit?: 'perQueue' | 'perMessageGroupId';
  /** The access policy, as the JSON text given. */
  Policy?: string;
  KmsMasterKeyId?: string;
  KmsDataKeyReusePeriodSeconds?: number;
  SqsManagedSseEnabled: boolean;
  /** Attributes returned verbatim that Eddy does not model; applyAttributes never writes here. */
  extra: Record<string, string>;
}

/**
 * SQS raised MaximumMessageSize's ceiling and default from 256 KiB to 1 MiB in August 2025; the
 * current model (client-sqs 3.1169) documents "1,024 bytes (1 KiB) to 1,048,576 bytes (1 MiB).
 * Default: 1,048,576 bytes".
 */
export const DEFAULT_MAXIMUM_MESSAGE_SIZE = 1_048_576;
/** KmsDataKeyReusePeriodSeconds when a KMS key is set and no period given. */
export const DEFAULT_KMS_DATA_KEY_REUSE_PERIOD = 300;

/** Integer attributes and their inclusive ranges, as documented for CreateQueue. */
const INTEGER_RANGES = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1024, 1_048_576],
  MessageRetentionPeriod: [60, 1_209_600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43_200],
  KmsDataKeyReusePeriodSeconds: [60, 86_400],
} as const;
type IntegerAttribute = keyof typeof INTEGER_RANGES;

const FIFO_ONLY = new Set(['ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit']);
const SETTABLE = new Set([
  ...Object.keys(INTEGER_RANGES),
  ...FIFO_ONLY,
  'Policy',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'KmsMasterKeyId',
  'SqsManagedSseEnabled',
  'FifoQueue',
]);

export function defaultSettings(fifo: boolean): QueueSettings {
  return {
    DelaySeconds: 0,
    MaximumMessageSize: DEFAULT_MAXIMUM_MESSAGE_SIZE,
    MessageRetentionPeriod: 345_600,
    ReceiveMessageWaitTimeSeconds: 0,
    VisibilityTimeout: 30,
    FifoQueue: fifo,
    ContentBasedDeduplication: false,
    ...(fifo ? { DeduplicationScope: 'queue', FifoThroughputLimit: 'perQueue' } : {}),
    SqsManagedSseEnabled: true,
    extra: {},
  };
}

/**
 * Validates `attributes` (CreateQueue's or SetQueueAttributes' map) and returns `current` with
 * them applied. At create, pass `defaultSettings(false)`: `FifoQueue=true` turns it into a FIFO
 * queue, and the queue name is checked against the queue type. Names are checked before values:
 * an unknown, read-only, create-only (FifoQueue on set) or FIFO-only (on a standard queue) name is
 * InvalidAttributeName `Unknown Attribute X.`; an out-of-range value InvalidAttributeValue
 * `Invalid value for the parameter X.`; a bad redrive policy InvalidParameterValue.
 */
export function applyAttributes(
  current: QueueSettings,
  attributes: unknown,
  mode: 'create' | 'set',
  queueName: string,
): QueueSettings {
  const next: QueueSettings = { ...current, extra: { ...current.extra } };
  const given = attributeMap(attributes);
  for (const name of Object.keys(given)) {
    if (!SETTABLE.has(name) || (name === 'FifoQueue' && mode === 'set')) throw sqsErrors.unknownAttribute(name);
  }
  if (mode === 'create') {
    if (given['FifoQueue'] !== undefined) next.FifoQueue = parseBoolean('FifoQueue', given['FifoQueue']);
    checkQueueName(queueName, next.FifoQueue);
    if (next.FifoQueue) {
      next.DeduplicationScope ??= 'queue';
      next.FifoThroughputLimit ??= 'perQueue';
    }
  }
  for (const name of Object.keys(given)) {
    if (FIFO_ONLY.has(name) && !next.FifoQueue) throw sqsErrors.unknownAttribute(name);
  }
  for (const [name, value] of Object.entries(given)) applyOne(next, name, value, given);
  return next;
}

function applyOne(next: QueueSettings, name: string, value: string, given: Record<string, string>): void {
  if (name in INTEGER_RANGES) {
    next[name as IntegerAttribute] = parseInteger(name as IntegerAttribute, value);
    return;
  }
  switch (name) {
    case 'FifoQueue':
      return; // applied before the name check
    case 'ContentBasedDeduplication':
      next.ContentBasedDeduplication = parseBoolean(name, value);
      return;
    case 'DeduplicationScope':
      next.DeduplicationScope = parseChoice(name, value, ['messageGroup', 'queue'] as const);
      return;
    case 'FifoThroughputLimit':
      next.FifoThroughputLimit = parseChoice(name, value, ['perQueue', 'perMessageGroupId'] as const);
      return;
    case 'Policy':
      if (value === '') delete next.Policy;
      else if (isJsonObject(value)) next.Policy = value;
      else throw sqsErrors.badAttributeValue(name);
      return;
    case 'RedrivePolicy':
      if (value === '') delete next.RedrivePolicy;
      else next.RedrivePolicy = parseRedrivePolicy(value);
      return;
    case 'RedriveAllowPolicy':
      if (value === '') delete next.RedriveAllowPolicy;
      else next.RedriveAllowPolicy = parseRedriveAllowPolicy(value);
      return;
    case 'KmsMasterKeyId':
      if (value === '') {
        delete next.KmsMasterKeyId;
      } else {
        next.KmsMasterKeyId = value;
        next.SqsManagedSseEnabled = false; // one server-side encryption at a time
      }
      return;
    case 'SqsManagedSseEnabled': {
      const enabled = parseBoolean(name, value);
      if (enabled && (given['KmsMasterKeyId'] ?? '') !== '') {
        // SQS allows one SSE type per queue; this wording is unconfirmed.
        throw sqsErrors.invalidAttributeValue(
          'Invalid value for the parameter SqsManagedSseEnabled. Reason: You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.',
        );
      }
      next.SqsManagedSseEnabled = enabled;
      if (enabled) delete next.KmsMasterKeyId;
      return;
    }
  }
}

/**
 * What GetQueueAttributes returns for the settings, as SQS spells them: integers in decimal,
 * booleans `true`/`false`, policies as JSON text; FIFO attributes only on FIFO queues, KMS ones
 * only when set.
 */
export function settingsAsAttributes(settings: QueueSettings): Record<string, string> {
  const out: Record<string, string> = {
    DelaySeconds: String(settings.DelaySeconds),
    MaximumMessageSize: String(settings.MaximumMessageSize),
    MessageRetentionPeriod: String(settings.MessageRetentionPeriod),
    ReceiveMessageWaitTimeSeconds: String(settings.ReceiveMessageWaitTimeSeconds),
    VisibilityTimeout: String(settings.VisibilityTimeout),
  };
  if (settings.Policy !== undefined) out['Policy'] = settings.Policy;
  if (settings.RedrivePolicy) out['RedrivePolicy'] = formatRedrivePolicy(settings.RedrivePolicy);
  if (settings.RedriveAllowPolicy) out['RedriveAllowPolicy'] = formatRedriveAllowPolicy(settings.RedriveAllowPolicy);
  if (settings.FifoQueue) {
    out['FifoQueue'] = 'true';
    out['ContentBasedDeduplication'] = String(settings.ContentBasedDeduplication);
    out['DeduplicationScope'] = settings.DeduplicationScope ?? 'queue';
    out['FifoThroughputLimit'] = settings.FifoThroughputLimit ?? 'perQueue';
  }
  if (settings.KmsMasterKeyId !== undefined) out['KmsMasterKeyId'] = settings.KmsMasterKeyId;
  const reuse = settings.KmsDataKeyReusePeriodSeconds
    ?? (settings.KmsMasterKeyId !== undefined ? DEFAULT_KMS_DATA_KEY_REUSE_PERIOD : undefined);
  if (reuse !== undefined) out['KmsDataKeyReusePeriodSeconds'] = String(reuse);
  out['SqsManagedSseEnabled'] = String(settings.SqsManagedSseEnabled);
  return { ...out, ...settings.extra };
}

/**
 * For CreateQueue on an existing name: the first requested attribute whose value differs from the
 * queue's, or undefined. As SQS does, only attributes in the request are compared (a queue changed
 * by SetQueueAttributes still "matches" a CreateQueue without attributes). Invalid attributes throw.
 */
export function differingCreateAttribute(existing: QueueSettings, attributes: unknown, queueName: string): string | undefined {
  const requested = applyAttributes(existing, attributes, 'create', queueName);
  const before = settingsAsAttributes(existing);
  const after = settingsAsAttributes(requested);
  return Object.keys(attributeMap(attributes)).find((name) =>
    name === 'Policy' ? canonicalJson(before[name]) !== canonicalJson(after[name]) : before[name] !== after[name],
  );
}

/**
 * Whether two settings give the same attributes (Policy compared as JSON). Comparing full settings
 * is stricter than SQS for CreateQueue on an existing name; `differingCreateAttribute` is exact.
 */
export function sameCreateAttributes(a: QueueSettings, b: QueueSettings): boolean {
  const left = settingsAsAttributes(a);
  const right = settingsAsAttributes(b);
  const names = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...names].every((name) =>
    name === 'Policy' ? canonicalJson(left[name]) === canonicalJson(right[name]) : left[name] === right[name],
  );
}

function attributeMap(attributes: unknown): Record<string, string> {
  if (attributes === undefined || attributes === null) return {};
  if (typeof attributes !== 'object' || Array.isArray(attributes)) {
    throw sqsErrors.invalidParameterValue('Attributes must be a map of attribute names to values.');
  }
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value !== 'string') throw sqsErrors.badAttributeValue(name);
  }
  return attributes as Record<string, string>;
}

function parseInteger(name: IntegerAttribute, value: string): number {
  const [min, max] = INTEGER_RANGES[name];
  if (!/^[+-]?\d{1,10}$/.test(value)) throw sqsErrors.badAttributeValue(name);
  const n = Number(value);
  if (n < min || n > max) throw sqsErrors.badAttributeValue(name);
  return n === 0 ? 0 : n; // no -0
}

function parseBoolean(name: string, value: string): boolean {
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw sqsErrors.badAttributeValue(name);
}

function parseChoice<T extends string>(name: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) throw sqsErrors.badAttributeValue(name);
  return value as T;
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

const canonicalJson = (text: string | undefined) => (text === undefined ? undefined : JSON.stringify(JSON.parse(text)));
