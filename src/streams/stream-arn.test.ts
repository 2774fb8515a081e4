import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseStreamArn, streamArnOf, streamNameOf } from './stream-arn.js';

const here = { region: 'us-east-1', account: '000000000000' };
const elsewhere = { region: 'eu-west-1', account: '123456789012' };
const tableName = fc.stringMatching(/^[a-zA-Z0-9_.-]{3,255}$/);
const label = fc.date({ min: new Date(0), max: new Date(Date.UTC(9999, 0)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, -1));

describe('parseStreamArn', () => {
  it('reads back what streamArnOf printed, for this deployment only', () => {
    fc.assert(
      fc.property(tableName, label, (t, l) => {
        const name = { tableName: t, label: l };
        assert.deepEqual(parseStreamArn(streamArnOf(here, name), here), name);
        assert.equal(parseStreamArn(streamArnOf(elsewhere, name), here), undefined);
      }),
    );
  });
});

describe('streamNameOf', () => {
  it('reads back what streamArnOf printed, whatever the region and account', () => {
    fc.assert(
      fc.property(tableName, label, fc.constantFrom(here, elsewhere), (t, l, deployment) => {
        const name = { tableName: t, label: l };
        assert.deepEqual(streamNameOf(streamArnOf(deployment, name)), name);
      }),
    );
  });

  it('names the table and label of a mapping ARN', () => {
    assert.deepEqual(streamNameOf('arn:aws:dynamodb:us-east-1:000000000000:table/Users/stream/2026-03-14T09:26:53.589'), {
      tableName: 'Users',
      label: '2026-03-14T09:26:53.589',
    });
  });

  it('is undefined for anything that is not a stream ARN', () => {
    for (const arn of [
      'arn:aws:sqs:us-east-1:000000000000:orders',
      'arn:aws:dynamodb:us-east-1:000000000000:table/Users',
      'arn:aws:dynamodb:us-east-1:000000000000:table/Users/index/byEmail',
      'arn:aws:dynamodb:us-east-1:000000000000:table/Users/stream/',
      'arn:aws:dynamodb:us-east-1:000000000000:table/ab/stream/2026-03-14T09:26:53.589',
      'arn:aws:dynamodb:us-east-1:000000000000:table/Us ers/stream/2026-03-14T09:26:53.589',
      'arn:aws:dynamodb:us-east-1:000000000000:table/Users/stream/a/b',
      'arn:aws:lambda:us-east-1:000000000000:function:table/Users/stream/x',
      'table/Users/stream/2026-03-14T09:26:53.589',
      '',
    ]) {
      assert.equal(streamNameOf(arn), undefined, arn);
    }
  });
});
