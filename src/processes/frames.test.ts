import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { FrameReader, PAYLOAD_OFFSET, frameBuffer } from './frames.js';
import { answerFrame, callFrame, errorData, readAnswer, readCall, revivedError } from './relay-wire.js';
import { ServiceError, coralErrors } from '../shared/service-error.js';

function framed(payload: Buffer): Buffer {
  const frame = frameBuffer(payload.length);
  payload.copy(frame, PAYLOAD_OFFSET);
  return frame;
}

/** The payloads a reader takes from `chunks`, as hex. */
function read(chunks: readonly Buffer[]): string[] {
  const taken: string[] = [];
  const reader = new FrameReader((payload) => taken.push(payload.toString('hex')));
  for (const chunk of chunks) reader.push(chunk);
  return taken;
}

/** `bytes` cut at each of `cuts`. */
function cut(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const pieces: Buffer[] = [];
  let from = 0;
  for (const at of [...cuts, bytes.length]) {
    pieces.push(bytes.subarray(from, at));
    from = at;
  }
  return pieces;
}

describe('FrameReader', () => {
  const payloads = [Buffer.from('first'), Buffer.alloc(0), Buffer.from('the third, a little longer'), randomBytes(300)];
  const stream = Buffer.concat(payloads.map(framed));
  const expected = payloads.map((payload) => payload.toString('hex'));

  it('takes several frames from one chunk, an empty one among them', () => {
    assert.deepEqual(read([stream]), expected);
  });

  it('takes frames cut anywhere: inside a length prefix, between frames, a byte at a time', () => {
    for (let at = 1; at < stream.length; at++) assert.deepEqual(read(cut(stream, [at])), expected, `cut at ${at}`);
    for (let at = 1; at + 7 < stream.length; at += 5) assert.deepEqual(read(cut(stream, [at, at + 2, at + 7])), expected, `cut at ${at}, +2, +7`);
    assert.deepEqual(read(cut(stream, Array.from({ length: stream.length - 1 }, (_, i) => i + 1))), expected);
  });

  it('takes a frame of 20 MB arriving in 64 KB chunks, and the frame after it', () => {
    const huge = randomBytes(20 * 1024 * 1024);
    const bytes = Buffer.concat([framed(huge), framed(Buffer.from('after'))]);
    const chunks = cut(bytes, Array.from({ length: Math.floor(bytes.length / 65_536) }, (_, i) => (i + 1) * 65_536));
    const taken: Buffer[] = [];
    const reader = new FrameReader((payload) => taken.push(Buffer.from(payload)));
    for (const chunk of chunks) reader.push(chunk);
    assert.equal(taken.length, 2);
    assert.ok(taken[0]!.equals(huge));
    assert.equal(taken[1]!.toString(), 'after');
  });

  it('waits for the rest of a frame: nothing is taken from a partial one', () => {
    const whole = framed(Buffer.from('complete'));
    assert.deepEqual(read([whole.subarray(0, 3)]), []);
    assert.deepEqual(read([whole.subarray(0, whole.length - 1)]), []);
  });
});

describe('the relay frames', () => {
  it('carry a call: its id, request id, target and body, multi-byte characters and an empty body kept', () => {
    for (const text of ['{"TableName":"t","Item":{"s":{"S":"zoë ✓ 🦆"}}}', '']) {
      const frame = callFrame(4_000_000_000, 'REQ-ID-1', 'DynamoDB_20120810.PutItem', text);
      const calls = [] as ReturnType<typeof readCall>[];
      new FrameReader((payload) => calls.push(readCall(payload))).push(frame);
      assert.deepEqual(calls, [{ id: 4_000_000_000, requestId: 'REQ-ID-1', target: 'DynamoDB_20120810.PutItem', body: { text, bytes: Buffer.byteLength(text) } }]);
    }
  });

  it('carry an answer, a result or an error', () => {
    const answers = [] as ReturnType<typeof readAnswer>[];
    const reader = new FrameReader((payload) => answers.push(readAnswer(payload)));
    reader.push(Buffer.concat([answerFrame(7, false, '{"Attributes":{"n":{"N":"1"}}}'), answerFrame(8, true, '{"type":"x"}')]));
    assert.deepEqual(answers, [
      { id: 7, failed: false, json: '{"Attributes":{"n":{"N":"1"}}}' },
      { id: 8, failed: true, json: '{"type":"x"}' },
    ]);
  });

  it('give a ServiceError back as it was: type, message member, status, fields and headers', () => {
    const failed = new ServiceError('com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', 'The conditional request failed', 400, { Item: { pk: { S: 'a' } } });
    failed.headers = { 'x-amzn-query-error': 'AWS.SimpleQueueService.NonExistentQueue;Sender' };
    for (const error of [failed, coralErrors.serialization('Start of structure or map found where not expected')]) {
      const revived = revivedError(JSON.parse(JSON.stringify(errorData(error))));
      assert.ok(revived instanceof ServiceError);
      assert.deepEqual(
        { type: revived.type, message: revived.message, status: revived.statusCode, fields: revived.fields, member: revived.messageMember, headers: revived.headers },
        { type: error.type, message: error.message, status: error.statusCode, fields: error.fields, member: error.messageMember, headers: error.headers },
      );
    }
  });
});
