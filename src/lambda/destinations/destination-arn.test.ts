import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { destinationTarget, matchesDestinationPattern } from './destination-arn.js';

const d = { region: 'us-east-1', account: '000000000000' };

describe('destinationTarget', () => {
  it('names the standard queues, $LATEST functions and buses of this deployment', () => {
    assert.deepEqual(destinationTarget('arn:aws:sqs:us-east-1:000000000000:failures', d), { kind: 'queue', arn: 'arn:aws:sqs:us-east-1:000000000000:failures', name: 'failures' });
    assert.deepEqual(destinationTarget('arn:aws:lambda:us-east-1:000000000000:function:audit', d).kind, 'function');
    assert.deepEqual(destinationTarget('arn:aws:lambda:us-east-1:000000000000:function:audit:$LATEST', d), {
      kind: 'function',
      arn: 'arn:aws:lambda:us-east-1:000000000000:function:audit:$LATEST',
      name: 'audit',
    });
    assert.deepEqual(destinationTarget('arn:aws:events:us-east-1:000000000000:event-bus/default', d), {
      kind: 'bus',
      arn: 'arn:aws:events:us-east-1:000000000000:event-bus/default',
      name: 'default',
    });
  });

  it('says why Eddy cannot reach what Lambda would accept', () => {
    const reason = (arn: string) => {
      const target = destinationTarget(arn, d);
      return target.kind === 'unserved' ? target.reason : target.kind;
    };
    assert.equal(reason('arn:aws:sns:us-east-1:000000000000:topic'), 'topic');
    assert.match(reason('arn:aws:sns:us-east-1:000000000000:topic.fifo'), /FIFO topic/);
    assert.match(reason('arn:aws:sns:eu-west-1:000000000000:topic'), /region us-east-1 only/);
    assert.match(reason('arn:aws:s3:::bucket'), /does not serve S3 buckets/);
    assert.match(reason('arn:aws:sqs:us-east-1:000000000000:jobs.fifo'), /FIFO queue/);
    assert.match(reason('arn:aws:sqs:eu-west-1:000000000000:failures'), /serves account 000000000000 in region us-east-1 only/);
    assert.match(reason('arn:aws:lambda:us-east-1:111111111111:function:audit'), /region us-east-1 only/);
    assert.match(reason('arn:aws:lambda:us-east-1:000000000000:function:audit:1'), /no versions or aliases/);
  });

  it('leaves other services, and bus ARNs that are not buses, unsupported', () => {
    assert.equal(destinationTarget('arn:aws:iam:us-east-1:000000000000:function:x', d).kind, 'unsupported');
    assert.equal(destinationTarget('arn:aws:events:us-east-1:000000000000:rule/r', d).kind, 'unsupported');
    assert.equal(destinationTarget('not an arn', d).kind, 'unsupported');
  });
});

describe('matchesDestinationPattern', () => {
  it("is DestinationArn's model pattern", () => {
    assert.equal(matchesDestinationPattern(''), true);
    assert.equal(matchesDestinationPattern('arn:aws:sqs:us-east-1:000000000000:q'), true);
    assert.equal(matchesDestinationPattern('arn:aws:s3:::bucket'), true);
    assert.equal(matchesDestinationPattern('kafka://topic'), true);
    assert.equal(matchesDestinationPattern('arn:aws:_-/!lambda:us-east-1:000000000000:function:f'), false);
    assert.equal(matchesDestinationPattern('queue-name'), false);
  });
});
