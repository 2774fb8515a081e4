import { HttpError, json, route } from './http-response.js';
import { SearchIndex, searchWords } from './search-index.js';

const INDEX_FILE = process.env.SEARCH_INDEX_FILE!;
const LIMIT = 20;

// Kept open between invocations once the indexer has created the file.
let index: SearchIndex | undefined;

/**
 * GET /users/search?q=… → 200 `{ results: [{ id, name, email, score }] }`, best match first. Reads the
 * index the search indexer maintains (read-only); it is eventually consistent with the table: a user
 * shows up once the indexer has handled the stream record.
 */
export const searchUsers = route(async (event) => {
  const words = searchWords(event.queryStringParameters?.['q'] ?? '');
  if (words.length === 0) throw new HttpError(400, 'The query parameter q must contain at least one word');
  index ??= SearchIndex.openForReading(INDEX_FILE);
  return json(200, { results: index?.search(words, LIMIT) ?? [] });
});
