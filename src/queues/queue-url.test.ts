import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { queueArn, queueNameOfArn, queueNameOfUrl, queueUrl } from './queue-url.js';
import { decodeReceipt, encodeReceipt } from './receipt-handle.js';

const d = { region: 'eu-west-1', account: '111122223333' };

describe('queue URLs and ARNs', () => {
  it('builds and reads back URLs on any host of this account', () => {
    assert.equal(queueUrl('http://127.0.0.1:4566', d, 'jobs.fifo'), 'http://127.0.0.1:4566/111122223333/jobs.fifo');
    assert.equal(queueNameOfUrl('http://127.0.0.1:4566/111122223333/jobs.fifo', d), 'jobs.fifo');
    assert.equal(queueNameOfUrl('https://sqs.eu-west-1.amazonaws.com/111122223333/jobs', d), 'jobs');
    assert.equal(queueNameOfUrl('http://localhost/111122223333/jobs/', d), 'jobs');
  });

  it('reads nothing from URLs of another account, other shapes or no URL at all', () => {
    assert.equal(queueNameOfUrl('http://127.0.0.1:4566/999999999999/jobs', d), undefined);
    assert.equal(queueNameOfUrl('http://127.0.0.1:4566/111122223333', d), undefined);
    assert.equal(queueNameOfUrl('http://127.0.0.1:4566/111122223333/a/b', d), undefined);
    assert.equal(queueNameOfUrl('jobs', d), undefined);
  });

  it('builds and reads ARNs of this region and account only', () => {
    assert.equal(queueArn(d, 'jobs'), 'arn:aws:sqs:eu-west-1:111122223333:jobs');
    assert.equal(queueNameOfArn('arn:aws:sqs:eu-west-1:111122223333:jobs', d), 'jobs');
    assert.equal(queueNameOfArn('arn:aws:sqs:us-east-1:111122223333:jobs', d), undefined);
    assert.equal(queueNameOfArn('arn:aws:sns:eu-west-1:111122223333:jobs', d), undefined);
    assert.equal(queueNameOfArn('arn:aws:sqs:eu-west-1:111122223333:', d), undefined);
  });
});

describe('receipt handles', () => {
  it('round-trips queue id, sequence and nonce', () => {
    const receipt = { queueId: 7, sequence: 123456, nonce: '0f8e3c1a-2b4d-4e6f-8a9b-0c1d2e3f4a5b' };
    const handle = encodeReceipt(receipt);
    assert.match(handle, /^eddy1\.[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodeReceipt(handle), receipt);
  });

  it('refuses anything Eddy did not issue', () => {
    assert.equal(decodeReceipt('garbage'), undefined);
    assert.equal(decodeReceipt('eddy1.'), undefined);
    assert.equal(decodeReceipt(`eddy1.${Buffer.from('7.x.abcdefgh').toString('base64url')}`), undefined);
    assert.equal(decodeReceipt(`eddy1.${Buffer.from('7.1.short').toString('base64url')}`), undefined);
  });
});
