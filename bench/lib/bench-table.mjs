// Table set-up through the AWS SDK (CreateTable with a NEW_AND_OLD_IMAGES stream), the prefills over raw
// keep-alive HTTP, and spot checks that the servers really stored what the load wrote.
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { Agent, request } from 'node:http';
import { benchItem, PREFILL_KEY_PREFIX, REQUEST_HEADERS, TABLE_NAME } from './item.mjs';

const ACTIVE_TIMEOUT_MS = 10_000;
const PREFILL_CONCURRENCY = 32;

/** @param {string} endpoint */
export function benchClient(endpoint) {
  // The SDK warns on every run that its 2027 releases will need Node 22; noise in a benchmark's output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDBENCHMARK0000', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
}

/**
 * Creates a benchmark table (hash key `pk`, plus range key `sk` with `rangeKey`; on-demand; stream
 * NEW_AND_OLD_IMAGES unless `stream` is false) and waits until it is ACTIVE.
 * @param {DynamoDBClient} client
 * @param {{ stream?: boolean, tableName?: string, rangeKey?: boolean }} [options]
 */
export async function createBenchTable(client, { stream = true, tableName = TABLE_NAME, rangeKey = false } = {}) {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        ...(rangeKey ? [{ AttributeName: 'sk', AttributeType: /** @type {const} */ ('S') }] : []),
      ],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, ...(rangeKey ? [{ AttributeName: 'sk', KeyType: /** @type {const} */ ('RANGE') }] : [])],
      BillingMode: 'PAY_PER_REQUEST',
      ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } } : {}),
    }),
  );
  const deadline = Date.now() + ACTIVE_TIMEOUT_MS;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return Table;
    if (Date.now() > deadline) throw new Error(`table ${tableName} still ${Table?.TableStatus} after ${ACTIVE_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Writes `user-0` … `user-(count-1)` with PutItem, 32 requests in flight, over keep-alive HTTP (the SDK's
 * own overhead would make the prefill the slow part of a run).
 * @param {string} endpoint
 * @param {number} count
 */
export function prefillItems(endpoint, count) {
  return putItems(endpoint, count, (n) => ({ TableName: TABLE_NAME, Item: benchItem(`${PREFILL_KEY_PREFIX}${n}`, n) }));
}

/**
 * Sends `count` PutItem requests, `request(0)` … `request(count-1)`, 32 in flight, over keep-alive HTTP.
 * @param {string} endpoint
 * @param {number} count
 * @param {(n: number) => object} request  the PutItem request body
 */
export async function putItems(endpoint, count, request) {
  const agent = new Agent({ keepAlive: true, maxSockets: PREFILL_CONCURRENCY });
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = next++;
      await postPutItem(endpoint, agent, JSON.stringify(request(n)));
    }
  };
  try {
    await Promise.all(Array.from({ length: PREFILL_CONCURRENCY }, worker));
  } finally {
    agent.destroy();
  }
}

/**
 * @param {string} endpoint
 * @param {Agent} agent
 * @param {string} body
 * @returns {Promise<void>}
 */
function postPutItem(endpoint, agent, body) {
  return new Promise((resolve, reject) => {
    const req = request(
      endpoint,
      { method: 'POST', agent, headers: { ...REQUEST_HEADERS, 'x-amz-target': 'DynamoDB_20120810.PutItem' } },
      (res) => {
        /** @type {Buffer[]} */
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          if (res.statusCode === 200) resolve();
          else reject(new Error(`prefill PutItem answered ${res.statusCode}: ${Buffer.concat(chunks).toString('utf8')}`));
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * GetItem (strongly consistent) of each key; returns the keys that were not found.
 * @param {DynamoDBClient} client
 * @param {string[]} keys
 */
export async function missingKeys(client, keys) {
  const missing = [];
  for (const key of keys) {
    const { Item } = await client.send(
      new GetItemCommand({ TableName: TABLE_NAME, Key: { pk: { S: key } }, ConsistentRead: true }),
    );
    if (Item === undefined) missing.push(key);
  }
  return missing;
}
