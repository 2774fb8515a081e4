// The Query benchmark's table `bench_q` (hash key `pk`, range key `sk`): its creation, its prefill and the
// check after a run that Query really answers a page of Limit items.
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { createBenchTable, putItems } from './bench-table.mjs';
import {
  QUERY_ITEMS_PER_PARTITION,
  QUERY_LIMIT,
  QUERY_OTHER_SORT_KEYS,
  QUERY_PARTITION_PREFIX,
  QUERY_PARTITIONS,
  QUERY_SORT_KEY_PREFIX,
  QUERY_TABLE_NAME,
  queryItem,
} from './item.mjs';

/** The sort keys of one partition: `item-00` … `item-49`, then `other-0` … `other-2`. */
export const QUERY_SORT_KEYS = [
  ...Array.from({ length: QUERY_ITEMS_PER_PARTITION }, (_, i) => `${QUERY_SORT_KEY_PREFIX}${String(i).padStart(2, '0')}`),
  ...QUERY_OTHER_SORT_KEYS,
];

/**
 * Creates `bench_q` with the bench table's billing and stream settings and writes every partition's items.
 * @param {import('@aws-sdk/client-dynamodb').DynamoDBClient} client
 * @param {string} endpoint
 * @param {{ stream: boolean }} options
 */
export async function createQueryTable(client, endpoint, { stream }) {
  await createBenchTable(client, { stream, tableName: QUERY_TABLE_NAME, rangeKey: true });
  const perPartition = QUERY_SORT_KEYS.length;
  await putItems(endpoint, QUERY_PARTITIONS * perPartition, (n) => ({
    TableName: QUERY_TABLE_NAME,
    Item: queryItem(Math.floor(n / perPartition), /** @type {string} */ (QUERY_SORT_KEYS[n % perPartition]), n),
  }));
}

/**
 * Runs the benchmark's query (begins_with(sk, 'item-'), Limit 10) on one partition through the SDK and
 * returns what is wrong with the answer, or undefined when it is the first ten `item-` sort keys in order.
 * @param {import('@aws-sdk/client-dynamodb').DynamoDBClient} client
 * @param {number} partition
 */
export async function queryProblem(client, partition) {
  const pk = `${QUERY_PARTITION_PREFIX}${partition}`;
  const { Items = [], Count, LastEvaluatedKey } = await client.send(
    new QueryCommand({
      TableName: QUERY_TABLE_NAME,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':p': { S: pk }, ':s': { S: QUERY_SORT_KEY_PREFIX } },
      Limit: QUERY_LIMIT,
    }),
  );
  const got = Items.map((item) => item.sk?.S);
  const expected = QUERY_SORT_KEYS.slice(0, QUERY_LIMIT);
  if (Count !== QUERY_LIMIT || got.join() !== expected.join()) {
    return `Query of ${pk} answered ${Count} items (${got.join(', ')}), expected ${QUERY_LIMIT} (${expected[0]} … ${expected.at(-1)})`;
  }
  if (LastEvaluatedKey?.sk?.S !== expected.at(-1)) return `Query of ${pk} answered no LastEvaluatedKey at ${expected.at(-1)}`;
  return undefined;
}
