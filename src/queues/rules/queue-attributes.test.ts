import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyAttributes,
  defaultSettings,
  differingCreateAttribute,
  sameCreateAttributes,
  settingsAsAttributes,
  type QueueSettings,
} from './queue-attributes.js';
import { SqsError } from './sqs-errors.js';

const DLQ = 'arn:aws:sqs:us-east-1:000000000000:dead-letters';
const create = (attributes: unknown, name = 'q') => applyAttributes(defaultSettings(false), attributes, 'create', name);
const set = (current: QueueSettings, attributes: unknown, name = 'q') => applyAttributes(current, attributes, 'set', name);

function refused(fn: () => unknown, code: string, message: string) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof SqsError, String(e));
    assert.equal(e.code, code);
    assert.equal(e.message, message);
    return true;
  });
}

describe('defaultSettings', () => {
  it("are SQS's defaults for a standard queue", () => {
    assert.deepEqual(settingsAsAttributes(defaultSettings(false)), {
      DelaySeconds: '0',
      MaximumMessageSize: '1048576',
      MessageRetentionPeriod: '345600',
      ReceiveMessageWaitTimeSeconds: '0',
      VisibilityTimeout: '30',
      SqsManagedSseEnabled: 'true',
    });
  });

  it('add the FIFO attributes for a FIFO queue', () => {
    assert.deepEqual(settingsAsAttributes(defaultSettings(true)), {
      DelaySeconds: '0',
      MaximumMessageSize: '1048576',
      MessageRetentionPeriod: '345600',
      ReceiveMessageWaitTimeSeconds: '0',
      VisibilityTimeout: '30',
      FifoQueue: 'true',
      ContentBasedDeduplication: 'false',
      DeduplicationScope: 'queue',
      FifoThroughputLimit: 'perQueue',
      SqsManagedSseEnabled: 'true',
    });
  });
});

describe('applyAttributes: values accepted', () => {
  it('parses each integer attribute at both ends of its range', () => {
    const low = create({ DelaySeconds: '0', MaximumMessageSize: '1024', MessageRetentionPeriod: '60', ReceiveMessageWaitTimeSeconds: '0', VisibilityTimeout: '0' });
    assert.deepEqual(
      [low.DelaySeconds, low.MaximumMessageSize, low.MessageRetentionPeriod, low.ReceiveMessageWaitTimeSeconds, low.VisibilityTimeout],
      [0, 1024, 60, 0, 0],
    );
    const high = create({ DelaySeconds: '900', MaximumMessageSize: '1048576', MessageRetentionPeriod: '1209600', ReceiveMessageWaitTimeSeconds: '20', VisibilityTimeout: '43200', KmsDataKeyReusePeriodSeconds: '86400' });
    assert.deepEqual(
      [high.DelaySeconds, high.MaximumMessageSize, high.MessageRetentionPeriod, high.ReceiveMessageWaitTimeSeconds, high.VisibilityTimeout, high.KmsDataKeyReusePeriodSeconds],
      [900, 1048576, 1209600, 20, 43200, 86400],
    );
    assert.equal(create({ VisibilityTimeout: '+045' }).VisibilityTimeout, 45);
    assert.equal(create({ DelaySeconds: '-0' }).DelaySeconds, 0);
  });

  it('makes a FIFO queue with its FIFO attributes', () => {
    const fifo = create({ FifoQueue: 'true', ContentBasedDeduplication: 'TRUE', DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' }, 'q.fifo');
    assert.equal(fifo.FifoQueue, true);
    assert.equal(fifo.ContentBasedDeduplication, true);
    assert.equal(fifo.DeduplicationScope, 'messageGroup');
    assert.equal(fifo.FifoThroughputLimit, 'perMessageGroupId');
    assert.deepEqual([create({ FifoQueue: 'true' }, 'q.fifo').DeduplicationScope, create({ FifoQueue: 'true' }, 'q.fifo').FifoThroughputLimit], ['queue', 'perQueue']);
    assert.equal(create({ FifoQueue: 'false' }).FifoQueue, false);
  });

  it('keeps policies, and clears them with an empty string', () => {
    const policy = '{"Version":"2012-10-17","Statement":[]}';
    const withAll = create({
      Policy: policy,
      RedrivePolicy: `{"deadLetterTargetArn":"${DLQ}","maxReceiveCount":"4"}`,
      RedriveAllowPolicy: '{"redrivePermission":"denyAll"}',
    });
    assert.equal(withAll.Policy, policy);
    assert.deepEqual(withAll.RedrivePolicy, { deadLetterTargetArn: DLQ, maxReceiveCount: 4 });
    assert.deepEqual(withAll.RedriveAllowPolicy, { redrivePermission: 'denyAll' });
    const cleared = set(withAll, { Policy: '', RedrivePolicy: '', RedriveAllowPolicy: '' });
    assert.deepEqual([cleared.Policy, cleared.RedrivePolicy, cleared.RedriveAllowPolicy], [undefined, undefined, undefined]);
    assert.equal('RedrivePolicy' in settingsAsAttributes(cleared), false);
  });

  it('switches between SSE-KMS and SSE-SQS', () => {
    const kms = create({ KmsMasterKeyId: 'alias/aws/sqs' });
    assert.equal(kms.KmsMasterKeyId, 'alias/aws/sqs');
    assert.equal(kms.SqsManagedSseEnabled, false);
    const sqs = set(kms, { SqsManagedSseEnabled: 'true' });
    assert.equal(sqs.KmsMasterKeyId, undefined);
    assert.equal(sqs.SqsManagedSseEnabled, true);
    assert.equal(set(sqs, { SqsManagedSseEnabled: 'false' }).SqsManagedSseEnabled, false);
    assert.equal(set(kms, { KmsMasterKeyId: '' }).KmsMasterKeyId, undefined);
  });

  it('does not change what is not given, nor the settings passed in', () => {
    const before = create({ VisibilityTimeout: '60' });
    const after = set(before, { DelaySeconds: '5' });
    assert.equal(after.VisibilityTimeout, 60);
    assert.equal(after.DelaySeconds, 5);
    assert.equal(before.DelaySeconds, 0);
    assert.deepEqual(set(before, undefined), before);
    assert.deepEqual(set(before, {}), before);
  });

  it('sets FIFO attributes on an existing FIFO queue', () => {
    const fifo = create({ FifoQueue: 'true' }, 'q.fifo');
    assert.equal(set(fifo, { ContentBasedDeduplication: 'true' }, 'q.fifo').ContentBasedDeduplication, true);
  });
});

describe('applyAttributes: refused', () => {
  it('unknown and read-only names', () => {
    for (const name of ['VisibilityTimeoutSeconds', 'QueueArn', 'ApproximateNumberOfMessages', 'CreatedTimestamp', 'All', 'visibilitytimeout']) {
      refused(() => create({ [name]: '1' }), 'InvalidAttributeName', `Unknown Attribute ${name}.`);
    }
  });

  it('names before values', () => {
    refused(() => create({ VisibilityTimeout: 'x', Bogus: '1' }), 'InvalidAttributeName', 'Unknown Attribute Bogus.');
  });

  it('FifoQueue after creation', () => {
    refused(() => set(create({ FifoQueue: 'true' }, 'q.fifo'), { FifoQueue: 'true' }, 'q.fifo'), 'InvalidAttributeName', 'Unknown Attribute FifoQueue.');
  });

  it('FIFO attributes on a standard queue', () => {
    for (const name of ['ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit']) {
      refused(() => create({ [name]: 'true' }), 'InvalidAttributeName', `Unknown Attribute ${name}.`);
      refused(() => set(defaultSettings(false), { [name]: 'true' }), 'InvalidAttributeName', `Unknown Attribute ${name}.`);
    }
  });

  it('a name that does not fit the queue type', () => {
    refused(() => create({ FifoQueue: 'true' }, 'orders'), 'InvalidParameterValue',
      'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.');
    refused(() => create({}, 'orders.fifo'), 'InvalidParameterValue', 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
    refused(() => create({ FifoQueue: 'false' }, 'orders.fifo'), 'InvalidParameterValue', 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
  });

  it('out-of-range or malformed values', () => {
    const cases: [string, string][] = [
      ['DelaySeconds', '901'], ['DelaySeconds', '-1'], ['MaximumMessageSize', '1023'], ['MaximumMessageSize', '1048577'],
      ['MessageRetentionPeriod', '59'], ['MessageRetentionPeriod', '1209601'], ['ReceiveMessageWaitTimeSeconds', '21'],
      ['VisibilityTimeout', '43201'], ['VisibilityTimeout', '99999999999'], ['VisibilityTimeout', '1.5'], ['VisibilityTimeout', ''],
      ['VisibilityTimeout', ' 30'], ['VisibilityTimeout', '3e1'], ['KmsDataKeyReusePeriodSeconds', '59'], ['KmsDataKeyReusePeriodSeconds', '86401'],
      ['SqsManagedSseEnabled', 'yes'], ['FifoQueue', '1'], ['Policy', 'not json'], ['Policy', '[]'],
    ];
    for (const [name, value] of cases) {
      refused(() => create({ [name]: value }), 'InvalidAttributeValue', `Invalid value for the parameter ${name}.`);
    }
    const fifo = create({ FifoQueue: 'true' }, 'q.fifo');
    for (const [name, value] of [['ContentBasedDeduplication', 'on'], ['DeduplicationScope', 'group'], ['FifoThroughputLimit', 'perqueue']] as const) {
      refused(() => set(fifo, { [name]: value }, 'q.fifo'), 'InvalidAttributeValue', `Invalid value for the parameter ${name}.`);
    }
    refused(() => create({ VisibilityTimeout: 30 }), 'InvalidAttributeValue', 'Invalid value for the parameter VisibilityTimeout.');
    refused(() => create('x'), 'InvalidParameterValue', 'Attributes must be a map of attribute names to values.');
  });

  it('two kinds of server-side encryption at once', () => {
    refused(() => create({ KmsMasterKeyId: 'alias/k', SqsManagedSseEnabled: 'true' }), 'InvalidAttributeValue',
      'Invalid value for the parameter SqsManagedSseEnabled. Reason: You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.');
  });

  it('bad redrive policies', () => {
    refused(() => create({ RedrivePolicy: `{"deadLetterTargetArn":"${DLQ}","maxReceiveCount":0}` }), 'InvalidParameterValue',
      `Value {"deadLetterTargetArn":"${DLQ}","maxReceiveCount":0} for parameter RedrivePolicy is invalid. Reason: Invalid value for maxReceiveCount: 0, valid values are from 1 to 1000 both inclusive.`);
    refused(() => create({ RedriveAllowPolicy: '{}' }), 'InvalidParameterValue',
      'Value {} for parameter RedriveAllowPolicy is invalid. Reason: Invalid value for redrivePermission: undefined. Valid values are allowAll, denyAll and byQueue.');
  });
});

describe('settingsAsAttributes', () => {
  it('gives every set attribute as SQS spells it', () => {
    const settings = create({
      FifoQueue: 'true', ContentBasedDeduplication: 'true', DelaySeconds: '10', KmsMasterKeyId: 'alias/k',
      RedrivePolicy: `{"maxReceiveCount": "3", "deadLetterTargetArn": "${DLQ}.fifo"}`,
      RedriveAllowPolicy: `{"redrivePermission":"byQueue","sourceQueueArns":["${DLQ}"]}`,
      Policy: '{"Version":"2012-10-17"}',
    }, 'q.fifo');
    assert.deepEqual(settingsAsAttributes(settings), {
      DelaySeconds: '10',
      MaximumMessageSize: '1048576',
      MessageRetentionPeriod: '345600',
      ReceiveMessageWaitTimeSeconds: '0',
      VisibilityTimeout: '30',
      Policy: '{"Version":"2012-10-17"}',
      RedrivePolicy: `{"deadLetterTargetArn":"${DLQ}.fifo","maxReceiveCount":3}`,
      RedriveAllowPolicy: `{"redrivePermission":"byQueue","sourceQueueArns":["${DLQ}"]}`,
      FifoQueue: 'true',
      ContentBasedDeduplication: 'true',
      DeduplicationScope: 'queue',
      FifoThroughputLimit: 'perQueue',
      KmsMasterKeyId: 'alias/k',
      KmsDataKeyReusePeriodSeconds: '300',
      SqsManagedSseEnabled: 'false',
    });
  });

  it('gives an explicit data key reuse period, and passes extra attributes through', () => {
    const settings = { ...create({ KmsDataKeyReusePeriodSeconds: '600' }), extra: { Custom: 'x' } };
    const attributes = settingsAsAttributes(settings);
    assert.equal(attributes['KmsDataKeyReusePeriodSeconds'], '600');
    assert.equal(attributes['Custom'], 'x');
  });
});

describe('differingCreateAttribute', () => {
  const existing = create({ VisibilityTimeout: '60', Policy: '{"a": 1}', RedrivePolicy: `{"deadLetterTargetArn":"${DLQ}","maxReceiveCount":5}` });
  const same = (attributes: unknown) => differingCreateAttribute(existing, attributes, 'q') === undefined;

  it('finds none without attributes, even after changes by SetQueueAttributes', () => {
    assert.equal(same(undefined), true);
    assert.equal(differingCreateAttribute(set(existing, { DelaySeconds: '9' }), {}, 'q'), undefined);
  });

  it('finds none for the same values, however spelled', () => {
    assert.equal(same({ VisibilityTimeout: '060', DelaySeconds: '0', SqsManagedSseEnabled: 'TRUE' }), true);
    assert.equal(same({ Policy: '{ "a" : 1 }' }), true);
    assert.equal(same({ RedrivePolicy: `{"maxReceiveCount":"5","deadLetterTargetArn":"${DLQ}"}` }), true);
    assert.equal(same({ FifoQueue: 'false' }), true);
  });

  it('names the first differing requested attribute', () => {
    assert.equal(differingCreateAttribute(existing, { VisibilityTimeout: '30' }, 'q'), 'VisibilityTimeout');
    assert.equal(differingCreateAttribute(existing, { DelaySeconds: '0', VisibilityTimeout: '30', MaximumMessageSize: '2048' }, 'q'), 'VisibilityTimeout');
    assert.equal(differingCreateAttribute(existing, { RedrivePolicy: `{"deadLetterTargetArn":"${DLQ}","maxReceiveCount":6}` }, 'q'), 'RedrivePolicy');
    assert.equal(differingCreateAttribute(existing, { Policy: '{"a": 2}' }, 'q'), 'Policy');
    assert.equal(differingCreateAttribute(existing, { KmsMasterKeyId: 'alias/k' }, 'q'), 'KmsMasterKeyId');
  });

  it('still refuses invalid attributes', () => {
    refused(() => differingCreateAttribute(existing, { VisibilityTimeout: '-5' }, 'q'), 'InvalidAttributeValue', 'Invalid value for the parameter VisibilityTimeout.');
    refused(() => differingCreateAttribute(existing, { Nope: '1' }, 'q'), 'InvalidAttributeName', 'Unknown Attribute Nope.');
  });
});

describe('sameCreateAttributes', () => {
  it('compares every attribute of two settings', () => {
    const a = create({ VisibilityTimeout: '60', Policy: '{"a": 1}' });
    assert.equal(sameCreateAttributes(a, create({ VisibilityTimeout: '60', Policy: '{ "a":1 }' })), true);
    assert.equal(sameCreateAttributes(defaultSettings(true), create({ FifoQueue: 'true' }, 'q.fifo')), true);
    assert.equal(sameCreateAttributes(a, create({ VisibilityTimeout: '61', Policy: '{"a": 1}' })), false);
    assert.equal(sameCreateAttributes(a, create({ VisibilityTimeout: '60' })), false);
    assert.equal(sameCreateAttributes(defaultSettings(false), defaultSettings(true)), false);
    assert.equal(sameCreateAttributes(defaultSettings(false), { ...defaultSettings(false), extra: { X: '1' } }), false);
  });
});
