import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Checked, SnsInputError } from './input-error.js';
import { checkPublishBatch, type PublishBatchEntryInput } from './publish-batch-input.js';
import type { TopicFacts } from './publish-input.js';

const standard: TopicFacts = { fifo: false, contentBasedDeduplication: false, maximumMessageSize: 262_144 };
const fifo: TopicFacts = { fifo: true, contentBasedDeduplication: true, maximumMessageSize: 262_144 };

function rejected<T>(result: Checked<T>): SnsInputError {
  assert.equal(result.ok, false, 'expected an error');
  return (result as { error: SnsInputError }).error;
}
const entries = (n: number, extra: Partial<PublishBatchEntryInput> = {}): PublishBatchEntryInput[] =>
  Array.from({ length: n }, (_, i) => ({ Id: `e${i}`, Message: `m${i}`, ...extra }));

describe('checkPublishBatch: batch errors (§E.2)', () => {
  it('rejects an empty batch and more than 10 entries', () => {
    assert.deepEqual(rejected(checkPublishBatch([], standard)), { code: 'EmptyBatchRequest', message: "The batch request doesn't contain any entries." });
    assert.deepEqual(rejected(checkPublishBatch(undefined, standard)).code, 'EmptyBatchRequest');
    assert.deepEqual(rejected(checkPublishBatch(entries(11), standard)),
      { code: 'TooManyEntriesInBatchRequest', message: 'The batch request contains more entries than permissible.' });
    assert.equal(checkPublishBatch(entries(10), standard).ok, true);
  });

  it('rejects duplicate Ids, then Ids too long or with other characters than [A-Za-z0-9_-]', () => {
    assert.deepEqual(rejected(checkPublishBatch([{ Id: 'a', Message: 'x' }, { Id: 'a', Message: 'y' }], standard)),
      { code: 'BatchEntryIdsNotDistinct', message: 'Two or more batch entries in the request have the same Id.' });
    const long = 'i'.repeat(81);
    assert.deepEqual(rejected(checkPublishBatch([{ Id: long, Message: 'x' }], standard)),
      { code: 'InvalidBatchEntryId', message: `The Id of a batch entry in the batch request is too long: ${long}` });
    assert.equal(checkPublishBatch([{ Id: 'i'.repeat(80), Message: 'x' }], standard).ok, true);
    assert.deepEqual(rejected(checkPublishBatch([{ Id: 'a.b', Message: 'x' }], standard)),
      { code: 'InvalidBatchEntryId', message: 'The Id of a batch entry in the batch request contains an impermissible character: a.b' });
  });

  it('rejects an entry without Id with the null-member ValidationError', () => {
    assert.deepEqual(rejected(checkPublishBatch([{ Id: 'a', Message: 'x' }, { Message: 'y' }], standard)), {
      code: 'ValidationError',
      message: "1 validation error detected: Value null at 'publishBatchRequestEntries.2.member.id' failed to satisfy constraint: Member must not be null",
    });
  });
});

describe('checkPublishBatch: entries', () => {
  it('fails the whole request with the first bad entry\'s Publish error', () => {
    const batch = [...entries(2), { Id: 'bad', Message: '' }, { Id: 'worse', Subject: '' }];
    assert.deepEqual(rejected(checkPublishBatch(batch, standard)), { code: 'InvalidParameter', message: 'Invalid parameter: Empty message' });
    assert.equal(rejected(checkPublishBatch(entries(3), { ...fifo, contentBasedDeduplication: false })).message,
      'Invalid parameter: The MessageGroupId parameter is required for FIFO topics');
  });

  it("names the entry's position in a null DataType's path", () => {
    const batch = [...entries(1), { Id: 'x', Message: 'm', MessageAttributes: { k: { StringValue: 'v' } } }];
    assert.equal(rejected(checkPublishBatch(batch, standard)).message,
      "1 validation error detected: Value null at 'publishBatchRequestEntries.2.member.messageAttributes.k.member.dataType' failed to satisfy constraint: Member must not be null");
  });

  it('limits the total size, not each entry: exactly the limit passes', () => {
    const small = { ...standard, maximumMessageSize: 1024 };
    const halves = [{ Id: 'a', Message: 'x'.repeat(512) }, { Id: 'b', Message: 'y'.repeat(512) }];
    assert.equal(checkPublishBatch(halves, small).ok, true);
    assert.deepEqual(rejected(checkPublishBatch([...halves, { Id: 'c', Message: 'z' }], small)),
      { code: 'BatchRequestTooLong', message: 'The length of all the messages put together is more than the limit.' });
  });

  it('returns each entry checked, in order, with FIFO ids', () => {
    const result = checkPublishBatch([{ Id: 'one', Message: 'Test', MessageGroupId: 'g' }, { Id: 'two', Message: 'b', MessageGroupId: 'g', MessageDeduplicationId: 'd' }], fifo);
    assert.ok(result.ok);
    assert.deepEqual(result.value.map((e) => [e.id, e.message.groupId, e.message.dedupId]), [
      ['one', 'g', '532eaabd9574880dbf76b9b8cc00832c20a6ec113d682299550d7a6e0f345e25'],
      ['two', 'g', 'd'],
    ]);
  });
});
