import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { BatchWriteItemCommand, QueryCommand, type BatchWriteItemCommandOutput, ScanCommand, type AttributeValue, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { startTestEddy, testCredentials, type TestEddy } from '../../test/helpers/eddy.js';
import { eventually } from '../../test/helpers/eventually.js';

const config = fileURLToPath(new URL('./eddy.config.ts', import.meta.url));

const TENANTS = ['acme', 'globex', 'initech'];
const MINUTES = ['2026-11-22T10:15', '2026-11-22T10:16', '2026-11-22T10:17'];
const ENDPOINTS = ['/search', '/export', '/login'];
const EVENTS = 3000;
const WRITERS = 6;

/** A small seeded PRNG (mulberry32), so every run writes the same events. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface MetricRow {
  tenant: string;
  minute: string;
  count: number;
  units: number;
}

/** The usage events, as PutRequests, and the metrics they must add up to (sorted by tenant, minute). */
function usageEvents(): { puts: WriteRequest[]; expected: MetricRow[] } {
  const next = random(9);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const sums = new Map<string, MetricRow>();
  const puts: WriteRequest[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const tenant = pick(TENANTS);
    const minute = pick(MINUTES);
    const time = Date.parse(`${minute}:00.000Z`) + Math.floor(next() * 60_000);
    const iso = new Date(time).toISOString();
    const units = 1 + Math.floor(next() * 50);
    // Every fifth event carries its time as epoch milliseconds, the others as ISO 8601.
    const at: AttributeValue = i % 5 === 0 ? { N: String(time) } : { S: iso };
    puts.push({
      PutRequest: {
        Item: { tenant: { S: tenant }, sk: { S: `${iso}#e${i}` }, at, units: { N: String(units) }, endpoint: { S: pick(ENDPOINTS) } },
      },
    });
    const row = sums.get(`${tenant} ${minute}`) ?? { tenant, minute, count: 0, units: 0 };
    row.count += 1;
    row.units += units;
    sums.set(`${tenant} ${minute}`, row);
  }
  const expected = [...sums.values()].sort((a, b) => `${a.tenant} ${a.minute}`.localeCompare(`${b.tenant} ${b.minute}`));
  return { puts, expected };
}

const rowOf = (item: Record<string, AttributeValue>): MetricRow => ({
  tenant: item.tenant!.S!,
  minute: item.minute!.S!,
  count: Number(item.count!.N),
  units: Number(item.units!.N),
});

describe('example usage-metrics: a tumbling-window trigger sums usage events per tenant and minute', () => {
  let eddy: TestEddy;
  let lambda: LambdaClient;

  before(async () => {
    eddy = await startTestEddy({ config, streams: { shardCount: 2 }, triggers: { retryBaseMs: 20, retryMaxMs: 200 } });
    lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
  });
  after(async () => {
    lambda.destroy();
    await eddy.stop();
  });

  async function metricRows(): Promise<MetricRow[]> {
    const rows: MetricRow[] = [];
    let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await eddy.ddb.send(new ScanCommand({ TableName: 'metrics', ExclusiveStartKey }));
      rows.push(...(page.Items ?? []).map(rowOf));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return rows.sort((a, b) => `${a.tenant} ${a.minute}`.localeCompare(`${b.tenant} ${b.minute}`));
  }

  /** BatchWriteItem in 25s, sending back what DynamoDB left unprocessed. */
  async function writeAll(requests: WriteRequest[]): Promise<void> {
    for (let i = 0; i < requests.length; i += 25) {
      let pending: WriteRequest[] | undefined = requests.slice(i, i + 25);
      while (pending && pending.length > 0) {
        const out: BatchWriteItemCommandOutput = await eddy.ddb.send(new BatchWriteItemCommand({ RequestItems: { usage: pending } }));
        pending = out.UnprocessedItems?.usage;
      }
    }
  }

  it('metrics hold the exact count and unit sum of every (tenant, minute) written by concurrent writers', async () => {
    const { puts, expected } = usageEvents();
    assert.equal(expected.length, TENANTS.length * MINUTES.length);
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writeAll(puts.filter((_, i) => i % WRITERS === w))));

    const rows = await eventually('metrics to add up to the events written', metricRows, {
      accept: (seen) => JSON.stringify(seen) === JSON.stringify(expected),
      timeoutMs: 15_000,
    });
    assert.deepEqual(rows, expected);
    assert.equal(rows.reduce((sum, row) => sum + row.count, 0), EVENTS);
  });

  it('a retried final invocation of a window adds its sums once; another run of the window adds again', async () => {
    const finalInvoke = (first: string) => ({
      Records: [],
      window: { start: '2026-11-22T11:00:00Z', end: '2026-11-22T11:00:02Z' },
      state: { first, totals: { umbrella: { '2026-11-22T11:00': { count: 3, units: 12 }, '2026-11-22T11:01': { count: 1, units: 5 } } } },
      shardId: 'shardId-00000001700000000000-00000000',
      eventSourceARN: 'arn:aws:dynamodb:us-east-1:000000000000:table/usage/stream/2026-11-22T10:00:00.000',
      isFinalInvokeForWindow: true,
      isWindowTerminatedEarly: false,
    });
    const invoke = async (event: object) => {
      const out = await lambda.send(new InvokeCommand({ FunctionName: 'aggregateUsage', Payload: Buffer.from(JSON.stringify(event)) }));
      assert.equal(out.FunctionError, undefined);
      return JSON.parse(Buffer.from(out.Payload!).toString()) as unknown;
    };
    const umbrella = async () =>
      ((await eddy.ddb.send(new QueryCommand({
        TableName: 'metrics',
        KeyConditionExpression: 'tenant = :t',
        ExpressionAttributeValues: { ':t': { S: 'umbrella' } },
      }))).Items ?? []).map(rowOf);

    assert.deepEqual(await invoke(finalInvoke('100')), { state: {} });
    assert.deepEqual(await invoke(finalInvoke('100')), { state: {} });
    assert.deepEqual(await umbrella(), [
      { tenant: 'umbrella', minute: '2026-11-22T11:00', count: 3, units: 12 },
      { tenant: 'umbrella', minute: '2026-11-22T11:01', count: 1, units: 5 },
    ]);

    // A window that ended early (state over 1 MB) goes on with a second run that starts at a later record.
    assert.deepEqual(await invoke(finalInvoke('200')), { state: {} });
    assert.deepEqual(await umbrella(), [
      { tenant: 'umbrella', minute: '2026-11-22T11:00', count: 6, units: 24 },
      { tenant: 'umbrella', minute: '2026-11-22T11:01', count: 2, units: 10 },
    ]);
  });
});
