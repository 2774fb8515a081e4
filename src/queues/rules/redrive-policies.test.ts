import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatRedriveAllowPolicy, formatRedrivePolicy, isQueueArn, parseRedriveAllowPolicy, parseRedrivePolicy } from './redrive-policies.js';
import { SqsError } from './sqs-errors.js';

const DLQ = 'arn:aws:sqs:us-east-1:000000000000:dead-letters';

function refused(fn: () => unknown, message: string) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof SqsError);
    assert.equal(e.code, 'InvalidParameterValue');
    assert.equal(e.message, message);
    return true;
  });
}

describe('parseRedrivePolicy', () => {
  it('reads the target and count, the count as a number or numeric string', () => {
    assert.deepEqual(parseRedrivePolicy(`{"deadLetterTargetArn":"${DLQ}","maxReceiveCount":5}`), { deadLetterTargetArn: DLQ, maxReceiveCount: 5 });
    assert.deepEqual(parseRedrivePolicy(`{"maxReceiveCount":"1000","deadLetterTargetArn":"${DLQ}.fifo"}`), {
      deadLetterTargetArn: `${DLQ}.fifo`, maxReceiveCount: 1000,
    });
    assert.deepEqual(parseRedrivePolicy(`{"deadLetterTargetArn":"arn:aws-cn:sqs:cn-north-1:123456789012:q","maxReceiveCount":1}`).maxReceiveCount, 1);
  });

  it('refuses text that is not a JSON map', () => {
    for (const text of ['', 'nope', '[]', '5', 'null', '{"a":']) {
      refused(() => parseRedrivePolicy(text), `Value ${text} for parameter RedrivePolicy is invalid. Reason: Redrive policy is not a valid JSON map.`);
    }
  });

  it('refuses missing or unknown members', () => {
    const t1 = `{"deadLetterTargetArn":"${DLQ}"}`;
    refused(() => parseRedrivePolicy(t1), `Value ${t1} for parameter RedrivePolicy is invalid. Reason: Redrive policy does not contain mandatory attribute: maxReceiveCount.`);
    const t2 = '{"maxReceiveCount":3}';
    refused(() => parseRedrivePolicy(t2), `Value ${t2} for parameter RedrivePolicy is invalid. Reason: Redrive policy does not contain mandatory attribute: deadLetterTargetArn.`);
    const t3 = `{"deadLetterTargetArn":"${DLQ}","maxReceiveCount":3,"extra":1}`;
    refused(() => parseRedrivePolicy(t3), `Value ${t3} for parameter RedrivePolicy is invalid. Reason: Only following attributes are supported: [deadLetterTargetArn, maxReceiveCount].`);
  });

  it('refuses counts outside 1-1000', () => {
    for (const [json, shown] of [['0', '0'], ['1001', '1001'], ['-1', '-1'], ['1.5', '1.5'], ['"x"', 'x'], ['true', 'true'], ['"5.0"', '5.0']]) {
      const text = `{"deadLetterTargetArn":"${DLQ}","maxReceiveCount":${json}}`;
      refused(() => parseRedrivePolicy(text),
        `Value ${text} for parameter RedrivePolicy is invalid. Reason: Invalid value for maxReceiveCount: ${shown}, valid values are from 1 to 1000 both inclusive.`);
    }
  });

  it('refuses targets that are not queue ARNs', () => {
    for (const arn of ['dead-letters', 'arn:aws:sns:us-east-1:000000000000:t', 'arn:aws:sqs:us-east-1:1:q', 'arn:aws:sqs:us-east-1:000000000000:a.b']) {
      const text = `{"deadLetterTargetArn":"${arn}","maxReceiveCount":2}`;
      refused(() => parseRedrivePolicy(text), `Value ${text} for parameter RedrivePolicy is invalid. Reason: Invalid value for deadLetterTargetArn.`);
    }
  });

  it('formats as SQS returns it', () => {
    assert.equal(formatRedrivePolicy({ maxReceiveCount: 5, deadLetterTargetArn: DLQ } as never), `{"deadLetterTargetArn":"${DLQ}","maxReceiveCount":5}`);
  });
});

describe('parseRedriveAllowPolicy', () => {
  it('reads each permission', () => {
    assert.deepEqual(parseRedriveAllowPolicy('{"redrivePermission":"allowAll"}'), { redrivePermission: 'allowAll' });
    assert.deepEqual(parseRedriveAllowPolicy('{"redrivePermission":"denyAll"}'), { redrivePermission: 'denyAll' });
    assert.deepEqual(parseRedriveAllowPolicy(`{"redrivePermission":"byQueue","sourceQueueArns":["${DLQ}"]}`), {
      redrivePermission: 'byQueue', sourceQueueArns: [DLQ],
    });
  });

  it('refuses bad policies', () => {
    const r = (text: string, reason: string) =>
      refused(() => parseRedriveAllowPolicy(text), `Value ${text} for parameter RedriveAllowPolicy is invalid. Reason: ${reason}`);
    r('x', 'Redrive allow policy is not a valid JSON map.');
    r('{}', 'Invalid value for redrivePermission: undefined. Valid values are allowAll, denyAll and byQueue.');
    r('{"redrivePermission":"all"}', 'Invalid value for redrivePermission: all. Valid values are allowAll, denyAll and byQueue.');
    r('{"redrivePermission":"allowAll","x":1}', 'Only following attributes are supported: [redrivePermission, sourceQueueArns].');
    r(`{"redrivePermission":"allowAll","sourceQueueArns":["${DLQ}"]}`, 'sourceQueueArns can be specified only when redrivePermission is byQueue.');
    r('{"redrivePermission":"byQueue"}', 'sourceQueueArns must list between 1 and 10 queue ARNs when redrivePermission is byQueue.');
    r('{"redrivePermission":"byQueue","sourceQueueArns":[]}', 'sourceQueueArns must list between 1 and 10 queue ARNs when redrivePermission is byQueue.');
    const eleven = JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: Array.from({ length: 11 }, (_, i) => `${DLQ}${i}`) });
    r(eleven, 'sourceQueueArns must list between 1 and 10 queue ARNs when redrivePermission is byQueue.');
    r('{"redrivePermission":"byQueue","sourceQueueArns":["q"]}', 'Invalid value for sourceQueueArns: q.');
  });

  it('formats as given', () => {
    assert.equal(formatRedriveAllowPolicy({ redrivePermission: 'denyAll' }), '{"redrivePermission":"denyAll"}');
    assert.equal(formatRedriveAllowPolicy({ redrivePermission: 'byQueue', sourceQueueArns: [DLQ] }), `{"redrivePermission":"byQueue","sourceQueueArns":["${DLQ}"]}`);
  });
});

describe('isQueueArn', () => {
  it('matches SQS queue ARNs only', () => {
    assert.equal(isQueueArn(DLQ), true);
    assert.equal(isQueueArn('arn:aws-us-gov:sqs:us-gov-west-1:123456789012:q.fifo'), true);
    assert.equal(isQueueArn(`arn:aws:sqs:us-east-1:000000000000:${'q'.repeat(81)}`), false);
    assert.equal(isQueueArn(5), false);
  });
});
