import { checked, InputRejected, nullMember, type Checked } from './input-error.js';
import { checkMessage, type CheckedMessage, type PublishInput, type TopicFacts } from './publish-input.js';

/** One PublishBatchRequestEntries member (botocore PublishBatchRequestEntry [M]). */
export interface PublishBatchEntryInput extends Omit<PublishInput, 'TopicArn' | 'TargetArn' | 'PhoneNumber'> {
  Id?: string;
}

/** A checked entry: its Id and its message. */
export interface CheckedBatchEntry {
  readonly id: string;
  readonly message: CheckedMessage;
}

export const MAX_BATCH_ENTRIES = 10;
const ENTRY_ID = /^[A-Za-z0-9_-]+$/;

/**
 * Checks a PublishBatch (§E.2): the batch's own errors first (entry count, distinct Ids, then each Id),
 * then each entry with Publish's checks, the first failing entry failing the whole request with
 * Publish's text, not a `Failed` item [O]; last the total size against the topic's limit. The order of
 * the batch errors among themselves follows localstack and an SNS emulator's provider (unconfirmed).
 */
export function checkPublishBatch(entries: readonly PublishBatchEntryInput[] | undefined, topic: TopicFacts): Checked<CheckedBatchEntry[]> {
  return checked(() => {
    const list = entries ?? [];
    // botocore's EmptyBatchRequestException documentation text (unconfirmed on the wire).
    if (list.length === 0) throw new InputRejected('EmptyBatchRequest', "The batch request doesn't contain any entries.");
    if (list.length > MAX_BATCH_ENTRIES) {
      throw new InputRejected('TooManyEntriesInBatchRequest', 'The batch request contains more entries than permissible.');
    }
    const ids = list.map((entry, i) => {
      if (entry.Id === undefined) throw nullMember(`publishBatchRequestEntries.${i + 1}.member.id`);
      return entry.Id;
    });
    if (new Set(ids).size !== ids.length) {
      throw new InputRejected('BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.');
    }
    for (const id of ids) {
      if (id.length > 80) throw new InputRejected('InvalidBatchEntryId', `The Id of a batch entry in the batch request is too long: ${id}`);
      if (!ENTRY_ID.test(id)) {
        throw new InputRejected('InvalidBatchEntryId', `The Id of a batch entry in the batch request contains an impermissible character: ${id}`);
      }
    }
    const checkedEntries = list.map((entry, i) => ({ id: ids[i]!, message: checkMessage(entry, topic, { sizeLimit: false, entryPosition: i + 1 }) }));
    const total = checkedEntries.reduce((sum, entry) => sum + entry.message.size, 0);
    if (total > topic.maximumMessageSize) {
      throw new InputRejected('BatchRequestTooLong', 'The length of all the messages put together is more than the limit.');
    }
    return checkedEntries;
  });
}
