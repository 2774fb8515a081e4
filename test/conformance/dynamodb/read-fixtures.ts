import {
  CreateTableCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
  type QueryCommandOutput,
  type ScalarAttributeType,
  type ScanCommandInput,
  type ScanCommandOutput,
} from '@aws-sdk/client-dynamodb';

/** Helpers of the Query and Scan suites. */

export type Item = Record<string, AttributeValue>;

/** Creates an on-demand table with HASH `hash` and, when given, RANGE `range`. */
export async function createTable(
  ddb: DynamoDBClient,
  name: string,
  hash: [string, ScalarAttributeType],
  range?: [string, ScalarAttributeType],
): Promise<void> {
  const KeySchema = [{ AttributeName: hash[0], KeyType: 'HASH' as const }];
  const AttributeDefinitions = [{ AttributeName: hash[0], AttributeType: hash[1] }];
  if (range) {
    KeySchema.push({ AttributeName: range[0], KeyType: 'RANGE' as never });
    AttributeDefinitions.push({ AttributeName: range[0], AttributeType: range[1] });
  }
  await ddb.send(new CreateTableCommand({ TableName: name, KeySchema, AttributeDefinitions, BillingMode: 'PAY_PER_REQUEST' }));
}

/** Writes items with many concurrent PutItems (the engine group-commits them). */
export async function putAll(ddb: DynamoDBClient, table: string, items: readonly Item[], concurrency = 200): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await ddb.send(new PutItemCommand({ TableName: table, Item: item }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** Every page of a query, following LastEvaluatedKey until it is absent. */
export async function queryPages(ddb: DynamoDBClient, input: QueryCommandInput): Promise<QueryCommandOutput[]> {
  const pages: QueryCommandOutput[] = [];
  let start: Item | undefined;
  do {
    const page = await ddb.send(new QueryCommand({ ...input, ...(start && { ExclusiveStartKey: start }) }));
    pages.push(page);
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return pages;
}

/** Every page of a scan (or of one segment), following LastEvaluatedKey until it is absent. */
export async function scanPages(ddb: DynamoDBClient, input: ScanCommandInput): Promise<ScanCommandOutput[]> {
  const pages: ScanCommandOutput[] = [];
  let start: Item | undefined;
  do {
    const page = await ddb.send(new ScanCommand({ ...input, ...(start && { ExclusiveStartKey: start }) }));
    pages.push(page);
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return pages;
}

/** The items of all pages, in order. */
export const allItems = (pages: readonly { Items?: Item[] }[]): Item[] => pages.flatMap((p) => p.Items ?? []);

/** Shuffled copy (deterministic), so insertion order never explains a read order. */
export function shuffled<T>(values: readonly T[], seed = 7): T[] {
  const out = [...values];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
