import type { StreamEvent } from './lambda-types.js';
import { SearchIndex, type IndexChange } from './search-index.js';
import { userFromImage } from './user.js';

const index = SearchIndex.openForWriting(process.env.SEARCH_INDEX_FILE!);

/**
 * Stream consumer: INSERT and MODIFY upsert the user into the full-text index, REMOVE deletes it. Every
 * change is by user id, so a batch delivered again (at-least-once) leaves the same index; records of
 * one user arrive in order, so the last one wins. A failure fails the whole batch, which is retried.
 */
export const handler = async (event: StreamEvent): Promise<void> => {
  const changes = event.Records.map((record): IndexChange => {
    if (record.eventName === 'REMOVE') return { remove: record.dynamodb.Keys['id']!.S! };
    const { id, name, email, company } = userFromImage(record.dynamodb.NewImage!);
    return { upsert: { id, name, email, ...(company !== undefined && { company }) } };
  });
  index.apply(changes);
  console.log(`indexed ${changes.length} change${changes.length === 1 ? '' : 's'}`);
};
