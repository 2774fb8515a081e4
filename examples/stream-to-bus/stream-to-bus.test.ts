import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateEventSourceMappingCommand, DeleteEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { DeleteCommand, PutCommand, QueryCommand, ScanCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { eventually } from '../../test/helpers/eventually.js';
import { startTestEddy, testCredentials, type TestEddy } from '../../test/helpers/eddy.js';

const config = fileURLToPath(new URL('./eddy.config.ts', import.meta.url));
const TABLE = 'my-service';

/** A stream record as the Streams API sends it (DynamoDB JSON, ApproximateCreationDateTime in epoch seconds). */
interface WireRecord {
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  dynamodb: { ApproximateCreationDateTime: number; Keys: { pk: { S: string }; sk: { S: string } }; SequenceNumber: string };
}

/** What the history must say about each change of an order or a user, in stream order. */
interface ExpectedChange {
  item: string;
  eventName: 'INSERT' | 'MODIFY';
  changedBy: string;
  added?: Record<string, unknown>;
  changed?: Record<string, { from: unknown; to: unknown }>;
  removed?: Record<string, unknown>;
}

const routed = (pk: string) => pk.startsWith('OID#') || pk.startsWith('UID#');

describe('example: stream-to-bus (table → stream → bus → history and per-customer counts)', () => {
  let eddy: TestEddy;
  let lambda: LambdaClient;
  let tableArn: string;
  let streamArn: string;
  let everyChangeUrl: string;

  before(async () => {
    eddy = await startTestEddy({ config, triggers: { retryBaseMs: 20, retryMaxMs: 200 } });
    lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
    const { Table } = await eddy.ddb.send(new DescribeTableCommand({ TableName: TABLE }));
    tableArn = Table!.TableArn!;
    streamArn = Table!.LatestStreamArn!;
    // Not part of the example: a rule of the test's own that copies every event of the bus to a queue,
    // to see what the forwarder put there, including the changes no rule of the example takes.
    everyChangeUrl = (await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'every-change' }))).QueueUrl!;
    await eddy.events.send(new PutRuleCommand({ Name: 'everyChange', EventBusName: 'app', EventPattern: JSON.stringify({ source: ['my-service.database'] }) }));
    await eddy.events.send(
      new PutTargetsCommand({ Rule: 'everyChange', EventBusName: 'app', Targets: [{ Id: 'q', Arn: 'arn:aws:sqs:us-east-1:000000000000:every-change' }] }),
    );
  });
  after(async () => {
    lambda.destroy();
    await eddy.stop();
  });

  const put = (item: Record<string, unknown>) => eddy.doc.send(new PutCommand({ TableName: TABLE, Item: item }));
  const order = (id: string, customerId: string, fields: Record<string, unknown>) =>
    ({ pk: `OID#${id}`, sk: `OID#${id}`, gsi1_pk: `CID#${customerId}`, gsi1_sk: `OID#${id}`, customerId, ...fields });
  const user = (id: string, customerId: string, fields: Record<string, unknown>) =>
    ({ pk: `UID#${id}`, sk: `UID#${id}`, gsi1_pk: `CID#${customerId}`, gsi1_sk: `UID#${id}`, customerId, ...fields });

  /** Every record of the table's stream so far, in order, as the Streams API sends them (one shard). */
  async function streamRecords(): Promise<WireRecord[]> {
    const described = await eddy.raw('DynamoDBStreams_20120810.DescribeStream', { StreamArn: streamArn });
    const shards = described.json.StreamDescription.Shards as { ShardId: string }[];
    assert.equal(shards.length, 1);
    const first = await eddy.raw('DynamoDBStreams_20120810.GetShardIterator', { StreamArn: streamArn, ShardId: shards[0]!.ShardId, ShardIteratorType: 'TRIM_HORIZON' });
    let iterator: string | undefined = first.json.ShardIterator;
    const records: WireRecord[] = [];
    while (iterator !== undefined) {
      const page = await eddy.raw('DynamoDBStreams_20120810.GetRecords', { ShardIterator: iterator });
      assert.equal(page.status, 200, page.text);
      if (page.json.Records.length === 0) break;
      records.push(...page.json.Records);
      iterator = page.json.NextShardIterator;
    }
    return records;
  }

  async function scan(filter: string, values: Record<string, unknown>): Promise<Record<string, any>[]> {
    const items: Record<string, any>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await eddy.doc.send(new ScanCommand({ TableName: TABLE, FilterExpression: filter, ExpressionAttributeValues: values, ExclusiveStartKey }));
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items.sort((a, b) => (`${a.pk} ${a.sk}` < `${b.pk} ${b.sk}` ? -1 : 1));
  }
  const historyItems = () => scan('begins_with(pk, :h)', { ':h': 'HIST#' });
  const countItems = () => scan('sk = :c', { ':c': 'COUNTS' });

  /** The example's rules' delivery counters. */
  async function ruleCounts(): Promise<Record<string, { matched: number; delivered: number; pending: number; failed: number; deadLettered: number }>> {
    const { rules } = (await (await fetch(`${eddy.endpoint}/_eddy/bus/rules?bus=app`)).json()) as {
      rules: { name: string; counts: { matched: number; delivered: number; pending: number; failed: number; deadLettered: number } }[];
    };
    return Object.fromEntries(rules.map(({ name, counts: { matched, delivered, pending, failed, deadLettered } }) => [name, { matched, delivered, pending, failed, deadLettered }]));
  }

  it('puts every change on the bus; orders and users get their history and per-customer counts, nothing else does', async () => {
    const started = Math.floor(Date.now() / 1000);
    // Items no rule of the example takes: customers, a product, and a customer's reference to an order
    // (its sort key starts with OID#, its partition key does not).
    await put({ pk: 'CID#acme', sk: 'PROFILE', name: 'Acme Corp', updatedBy: 'alice' });
    await put({ pk: 'CID#globex', sk: 'PROFILE', name: 'Globex', updatedBy: 'carol' });
    await put({ pk: 'PID#p-1', sk: 'PID#p-1', name: 'Widget', price: 5, updatedBy: 'alice' });
    await put({ pk: 'CID#acme', sk: 'OID#o-9', note: 'imported from the old system', updatedBy: 'alice' });

    await put(order('o-1', 'acme', { status: 'pending', total: 42, note: 'leave at the door', updatedBy: 'alice' }));
    await put(user('u-1', 'acme', { email: 'ada@acme.example', name: 'Ada', updatedBy: 'alice' }));
    await put(order('o-2', 'acme', { status: 'pending', total: 7, updatedBy: 'bob' }));
    await eddy.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: TABLE, Item: order('o-3', 'globex', { status: 'pending', total: 100, tags: new Set(['gift', 'express']), updatedBy: 'carol' }) } },
          { Put: { TableName: TABLE, Item: user('u-2', 'globex', { email: 'hank@globex.example', name: 'Hank', updatedBy: 'carol' }) } },
        ],
      }),
    );
    await eddy.doc.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: { pk: 'OID#o-1', sk: 'OID#o-1' },
        UpdateExpression: 'SET #status = :paid, paidAt = :at, updatedBy = :who REMOVE note',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':paid': 'paid', ':at': '2026-12-06T09:00:00Z', ':who': 'bob' },
      }),
    );
    await eddy.doc.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: { pk: 'UID#u-1', sk: 'UID#u-1' },
        UpdateExpression: 'SET email = :email, updatedBy = :who',
        ExpressionAttributeValues: { ':email': 'ada.lovelace@acme.example', ':who': 'alice' },
      }),
    );
    // A whole-item put by a writer that does not say who it is; the set in another order is the same set.
    await put(order('o-3', 'globex', { status: 'shipped', total: 100, tags: new Set(['express', 'gift']) }));
    await eddy.doc.send(new UpdateCommand({ TableName: TABLE, Key: { pk: 'PID#p-1', sk: 'PID#p-1' }, UpdateExpression: 'SET price = :p', ExpressionAttributeValues: { ':p': 6 } }));
    await eddy.doc.send(new DeleteCommand({ TableName: TABLE, Key: { pk: 'PID#p-1', sk: 'PID#p-1' } }));
    await eddy.doc.send(new DeleteCommand({ TableName: TABLE, Key: { pk: 'CID#acme', sk: 'OID#o-9' } }));
    await eddy.doc.send(new DeleteCommand({ TableName: TABLE, Key: { pk: 'OID#o-2', sk: 'OID#o-2' } }));
    await eddy.doc.send(new DeleteCommand({ TableName: TABLE, Key: { pk: 'UID#u-2', sk: 'UID#u-2' } }));

    // Counts: an INSERT adds one, a REMOVE takes one away, per customer.
    const counts = await eventually('the counts of acme and globex', countItems, {
      accept: (items) => JSON.stringify(items.map(({ pk, orders, users }) => [pk, orders, users])) === JSON.stringify([['CID#acme', 1, 1], ['CID#globex', 1, 0]]),
    });
    assert.deepEqual(counts, [
      { pk: 'CID#acme', sk: 'COUNTS', orders: 1, users: 1 },
      { pk: 'CID#globex', sk: 'COUNTS', orders: 1, users: 0 },
    ]);

    const expected: ExpectedChange[] = [
      { item: 'OID#o-1', eventName: 'INSERT', changedBy: 'alice', added: { customerId: 'acme', note: 'leave at the door', status: 'pending', total: 42 } },
      { item: 'UID#u-1', eventName: 'INSERT', changedBy: 'alice', added: { customerId: 'acme', email: 'ada@acme.example', name: 'Ada' } },
      { item: 'OID#o-2', eventName: 'INSERT', changedBy: 'bob', added: { customerId: 'acme', status: 'pending', total: 7 } },
      { item: 'OID#o-3', eventName: 'INSERT', changedBy: 'carol', added: { customerId: 'globex', status: 'pending', tags: new Set(['express', 'gift']), total: 100 } },
      { item: 'UID#u-2', eventName: 'INSERT', changedBy: 'carol', added: { customerId: 'globex', email: 'hank@globex.example', name: 'Hank' } },
      { item: 'OID#o-1', eventName: 'MODIFY', changedBy: 'bob', added: { paidAt: '2026-12-06T09:00:00Z' }, changed: { status: { from: 'pending', to: 'paid' } }, removed: { note: 'leave at the door' } },
      { item: 'UID#u-1', eventName: 'MODIFY', changedBy: 'alice', changed: { email: { from: 'ada@acme.example', to: 'ada.lovelace@acme.example' } } },
      { item: 'OID#o-3', eventName: 'MODIFY', changedBy: 'unknown', changed: { status: { from: 'pending', to: 'shipped' } } },
    ];
    const history = await eventually('a history item for each change of an order or a user', historyItems, { accept: (items) => items.length >= expected.length });

    // The records the history and the counts come from: the stream's changes of orders and users.
    const records = await streamRecords();
    const changes = records.filter((r) => routed(r.dynamodb.Keys.pk.S) && r.eventName !== 'REMOVE');
    assert.deepEqual(changes.map((r) => `${r.eventName} ${r.dynamodb.Keys.pk.S}`), expected.map((e) => `${e.eventName} ${e.item}`));
    const expectedHistory = changes.map((record, i) => {
      const { item, eventName, changedBy, added = {}, changed = {}, removed = {} } = expected[i]!;
      const changedAt = new Date(record.dynamodb.ApproximateCreationDateTime * 1000).toISOString();
      assert.ok(record.dynamodb.ApproximateCreationDateTime >= started && record.dynamodb.ApproximateCreationDateTime <= Date.now() / 1000, changedAt);
      return {
        pk: `HIST#${item}`,
        sk: `${item}#${record.dynamodb.SequenceNumber.padStart(40, '0')}`,
        gsi1_pk: `WHO#${changedBy}`,
        gsi1_sk: `${changedAt}#${record.eventID}`,
        itemPk: item,
        itemSk: item,
        eventID: record.eventID,
        eventName,
        changedBy,
        changedAt,
        added,
        changed,
        removed,
      };
    });
    assert.deepEqual(history, [...expectedHistory].sort((a, b) => (`${a.pk} ${a.sk}` < `${b.pk} ${b.sk}` ? -1 : 1)));

    // Each count was made once, and its marker names the change counted.
    const markers = await scan('begins_with(sk, :m)', { ':m': 'COUNTED#' });
    const counted = records.filter((r) => routed(r.dynamodb.Keys.pk.S) && r.eventName !== 'MODIFY');
    assert.equal(counted.length, 7);
    const customerOf = (pk: string) => (['OID#o-3', 'UID#u-2'].includes(pk) ? 'globex' : 'acme');
    assert.deepEqual(
      markers.map(({ pk, sk }) => `${pk} ${sk}`),
      counted.map((r) => `CID#${customerOf(r.dynamodb.Keys.pk.S)} COUNTED#${r.eventID}`).sort(),
    );
    for (const marker of markers) assert.deepEqual(Object.keys(marker).sort(), ['expiresAt', 'pk', 'sk']);

    // Everything settles: the forwarder has put the whole stream (the history items and counts it caused
    // included), and the bus has delivered every match.
    const settled = (await eventually('the forwarder at the stream head and no delivery pending', async () => {
      const head = (await streamRecords()).at(-1)!.dynamodb.SequenceNumber;
      const { mappings } = (await (await fetch(`${eddy.endpoint}/_eddy/mappings`)).json()) as {
        mappings: { functionName: string; lastProcessingResult: string; shards: { checkpoint?: string; inFlight: number }[] }[];
      };
      const forwarder = mappings.find((m) => m.functionName === 'publishChanges')!;
      const rules = await ruleCounts();
      const done = forwarder.shards.every((s) => s.checkpoint === head && s.inFlight === 0) && Object.values(rules).every((c) => c.pending === 0);
      return done ? { forwarder, rules } : undefined;
    }))!;
    assert.equal(settled.forwarder.lastProcessingResult, 'OK');
    // Only the changes of orders and users matched: 5 INSERTs and 3 MODIFYs, 5 INSERTs and 2 REMOVEs.
    assert.deepEqual(settled.rules.recordHistory, { matched: 8, delivered: 8, pending: 0, failed: 0, deadLettered: 0 });
    assert.deepEqual(settled.rules.customerCounts, { matched: 7, delivered: 7, pending: 0, failed: 0, deadLettered: 0 });
    assert.deepEqual(await historyItems(), history);
    assert.deepEqual(await countItems(), counts);

    // Every record of the stream reached the bus once, as the event the forwarder makes of it.
    const all = await streamRecords();
    const seen = new Map<string, any>();
    await eventually(`${all.length} events on every-change`, async () => {
      const { Messages = [] } = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: everyChangeUrl, MaxNumberOfMessages: 10 }));
      for (const message of Messages) {
        const event = JSON.parse(message.Body!);
        assert.ok(!seen.has(event.detail.eventID), `${event.detail.eventID} twice`);
        seen.set(event.detail.eventID, event);
        await eddy.sqs.send(new DeleteMessageCommand({ QueueUrl: everyChangeUrl, ReceiptHandle: message.ReceiptHandle }));
      }
      return seen.size >= all.length ? seen : undefined;
    });
    assert.equal(seen.size, all.length);
    for (const record of all) {
      const event = seen.get(record.eventID);
      assert.ok(event, `no event for ${record.eventName} ${JSON.stringify(record.dynamodb.Keys)}`);
      assert.deepEqual(Object.keys(event), ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']);
      assert.deepEqual({ ...event, id: undefined }, {
        version: '0',
        id: undefined,
        'detail-type': record.eventName,
        source: 'my-service.database',
        account: '000000000000',
        time: new Date(record.dynamodb.ApproximateCreationDateTime * 1000).toISOString().replace('.000Z', 'Z'),
        region: 'us-east-1',
        resources: [tableArn],
        detail: { ...record, eventSourceARN: streamArn },
      });
    }
    // Among them the changes no rule of the example took.
    assert.deepEqual(
      all.filter((r) => ['PID#p-1', 'CID#acme', 'CID#globex'].includes(r.dynamodb.Keys.pk.S) && !r.dynamodb.Keys.sk.S.startsWith('COUNT'))
        .map((r) => `${r.eventName} ${r.dynamodb.Keys.pk.S} ${r.dynamodb.Keys.sk.S}`),
      [
        'INSERT CID#acme PROFILE', 'INSERT CID#globex PROFILE', 'INSERT PID#p-1 PID#p-1', 'INSERT CID#acme OID#o-9',
        'MODIFY PID#p-1 PID#p-1', 'REMOVE PID#p-1 PID#p-1', 'REMOVE CID#acme OID#o-9',
      ],
    );
  });

  it('takes every change a second time (the forwarder replays the stream) without changing a history item or a count', async () => {
    const history = await historyItems();
    const counts = await countItems();
    const records = await streamRecords();
    const { mappings } = (await (await fetch(`${eddy.endpoint}/_eddy/mappings`)).json()) as { mappings: { uuid: string; functionName: string }[] };
    const forwarder = mappings.filter((m) => m.functionName === 'publishChanges');
    assert.equal(forwarder.length, 1);
    // As one would on AWS: a new mapping from TRIM_HORIZON puts every record on the bus again.
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID: forwarder[0]!.uuid }));
    await lambda.send(new CreateEventSourceMappingCommand({
      FunctionName: 'publishChanges',
      EventSourceArn: streamArn,
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 7,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    }));

    const rules = await eventually('every match delivered a second time', ruleCounts, {
      accept: (c) => c.recordHistory!.delivered === 16 && c.customerCounts!.delivered === 14,
    });
    assert.deepEqual(rules.recordHistory, { matched: 16, delivered: 16, pending: 0, failed: 0, deadLettered: 0 });
    assert.deepEqual(rules.customerCounts, { matched: 14, delivered: 14, pending: 0, failed: 0, deadLettered: 0 });
    // Both functions have seen each change twice: the history rewrote the same items, the counter skipped.
    const logLines = async (name: string, text: RegExp) =>
      ((await eddy.admin('/_eddy/functions/logs', { function: name, limit: 1000 })) as { lines: { message: string }[] }).lines.filter((l) => text.test(l.message)).length;
    await eventually('16 history writes and 7 changes counted already', async () =>
      (await logLines('recordHistory', /\tINFO\t(INSERT|MODIFY) /)) === 16 && (await logLines('countIntegrations', /\tINFO\t.*: counted already /)) === 7 ? true : undefined);
    assert.equal(await logLines('countIntegrations', /\tINFO\t.*: (orders|users) of /), 7);

    assert.deepEqual(await historyItems(), history);
    assert.deepEqual(await countItems(), counts);
    // An item put again unchanged makes no stream record: the replay wrote nothing new.
    assert.deepEqual(await streamRecords(), records);
  });

  it('answers the questions GSI1 is for: a customer\'s orders, and what someone changed', async () => {
    const gsi1 = async (pk: string, prefix = '') =>
      (await eddy.doc.send(new QueryCommand({
        TableName: TABLE,
        IndexName: 'GSI1',
        KeyConditionExpression: 'gsi1_pk = :pk AND begins_with(gsi1_sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
      }))).Items!;
    assert.deepEqual((await gsi1('CID#acme', 'OID#')).map((item) => `${item.pk} ${item.status}`), ['OID#o-1 paid']);
    assert.deepEqual((await gsi1('CID#globex')).map((item) => item.pk), ['OID#o-3']);
    assert.deepEqual((await gsi1('WHO#bob')).map((item) => `${item.eventName} ${item.itemPk}`).sort(), ['INSERT OID#o-2', 'MODIFY OID#o-1']);
    assert.deepEqual((await gsi1('WHO#carol')).map((item) => `${item.eventName} ${item.itemPk}`).sort(), ['INSERT OID#o-3', 'INSERT UID#u-2']);
  });
});
