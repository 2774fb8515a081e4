import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { envelopeAttributes, sqsAttributes } from './message-attributes.js';
import { checkPublishBatch } from './publish-batch-input.js';
import { checkPublish, type PublishInput } from './publish-input.js';

const KNOWN_CODES = new Set(['InvalidParameter', 'ParameterValueInvalid', 'ValidationError', 'EmptyBatchRequest', 'TooManyEntriesInBatchRequest',
  'BatchEntryIdsNotDistinct', 'InvalidBatchEntryId', 'BatchRequestTooLong']);

const name = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('__proto__', 'constructor', 'a.b', '.x', 'ok'));
const attribute = fc.record({
  DataType: fc.oneof(fc.constantFrom('String', 'Number', 'Binary', 'String.Array', 'Binary.x'), fc.string({ maxLength: 8 })),
  StringValue: fc.string({ maxLength: 8 }),
  BinaryValue: fc.uint8Array({ maxLength: 4 }),
}, { requiredKeys: [] });
const input = fc.record({
  Message: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('{"default":"d"}', '{"default":1}', 'Test')),
  Subject: fc.string({ maxLength: 4 }),
  MessageStructure: fc.constantFrom('json', 'other'),
  MessageAttributes: fc.dictionary(name, attribute, { maxKeys: 3 }),
  MessageGroupId: fc.string({ maxLength: 4 }),
  MessageDeduplicationId: fc.string({ maxLength: 4 }),
}, { requiredKeys: [] });
const topic = fc.record({ fifo: fc.boolean(), contentBasedDeduplication: fc.boolean(), maximumMessageSize: fc.integer({ min: 0, max: 64 }) });

describe('checkPublish / checkPublishBatch on any input', () => {
  it('answers with an SNS error or a message, never throws; accepted messages fit the limit and keep every attribute', () => {
    fc.assert(fc.property(input, topic, (publish: PublishInput, facts) => {
      const result = checkPublish(publish, facts);
      if (!result.ok) return assert.ok(KNOWN_CODES.has(result.error.code), result.error.code);
      assert.ok(result.value.size <= facts.maximumMessageSize);
      const names = Object.keys(publish.MessageAttributes ?? {}).sort();
      assert.deepEqual(Object.keys(result.value.attributes).sort(), names);
      assert.deepEqual(Object.keys(envelopeAttributes(result.value.attributes)).sort(), names);
      assert.deepEqual(Object.keys(sqsAttributes(result.value.attributes)).sort(), names);
      if (facts.fifo) assert.ok(result.value.groupId !== undefined && result.value.dedupId !== undefined);
    }), { numRuns: 2000 });
  });

  it('batches likewise', () => {
    fc.assert(fc.property(fc.array(fc.record({ Id: fc.string({ maxLength: 3 }) }).chain((e) => input.map((i) => ({ ...i, ...e }))), { maxLength: 12 }), topic, (entries, facts) => {
      const result = checkPublishBatch(entries, facts);
      if (!result.ok) assert.ok(KNOWN_CODES.has(result.error.code), result.error.code);
      else assert.equal(result.value.length, entries.length);
    }), { numRuns: 1000 });
  });
});
