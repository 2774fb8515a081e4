import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand,
  DescribeTableCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  type CreateTableCommandInput,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { allItems, putAll, queryPages, scanPages, type Item } from './read-fixtures.js';
import { tableName, validationError } from './table-fixtures.js';

/**
 * GSIs with multi-attribute keys (DynamoDB, 2025): table `Matches` keyed by `id` S, GSI `byTournament`
 * with partition key (tournament S, region S) and sort key (round N, bracket S, code B).
 */
const TABLE = 'Matches';
const hash = (name: string): KeySchemaElement => ({ AttributeName: name, KeyType: 'HASH' });
const range = (name: string): KeySchemaElement => ({ AttributeName: name, KeyType: 'RANGE' });
const BY_TOURNAMENT: GlobalSecondaryIndex = {
  IndexName: 'byTournament',
  KeySchema: [hash('tournament'), hash('region'), range('round'), range('bracket'), range('code')],
  Projection: { ProjectionType: 'ALL' },
};
const DEFINITIONS = [
  { AttributeName: 'id', AttributeType: 'S' },
  { AttributeName: 'tournament', AttributeType: 'S' },
  { AttributeName: 'region', AttributeType: 'S' },
  { AttributeName: 'round', AttributeType: 'N' },
  { AttributeName: 'bracket', AttributeType: 'S' },
  { AttributeName: 'code', AttributeType: 'B' },
] as const;

const bytes = (...values: number[]) => Uint8Array.from(values);
const match = (id: string, tournament: string | undefined, region: string | undefined, round: string | undefined, bracket: string | undefined, code: Uint8Array | undefined): Item => ({
  id: { S: id },
  ...(tournament !== undefined && { tournament: { S: tournament } }),
  ...(region !== undefined && { region: { S: region } }),
  ...(round !== undefined && { round: { N: round } }),
  ...(bracket !== undefined && { bracket: { S: bracket } }),
  ...(code !== undefined && { code: { B: code } }),
});

// Partition (W, EU) in index order: m6, m3, m2, m1, m4, m5.
const items: Item[] = [
  match('m1', 'W', 'EU', '1', 'UPPER', bytes(1)),
  match('m2', 'W', 'EU', '1', 'UPPER', bytes(0, 2)),
  match('m3', 'W', 'EU', '1', 'LOWER', bytes(5)),
  match('m4', 'W', 'EU', '2', 'UPPER', bytes(1)),
  match('m5', 'W', 'EU', '10', 'FINAL', bytes(1)),
  match('m6', 'W', 'EU', '-3', 'UPPER', bytes(1)),
  match('m7', 'W', 'US', '1', 'UPPER', bytes(1)),
  match('m8', 'S', 'EU', '1', 'UPPER', bytes(1)),
  // Concatenated, (WE, U) would be the same partition as (W, EU): a tuple keeps them apart.
  match('m13', 'WE', 'U', '1', 'UPPER', bytes(1)),
  // Sparse: each lacks one key attribute, so none is in the index.
  match('m9', 'W', 'EU', '1', 'UPPER', undefined),
  match('m10', 'W', undefined, '1', 'UPPER', bytes(1)),
  match('m11', 'W', 'EU', undefined, 'UPPER', bytes(1)),
];

const ids = (list: Item[] | undefined) => (list ?? []).map((item) => item['id']!.S);

describe('GSIs with multi-attribute keys', () => {
  let eddy: TestEddy;
  /** A query of the index; `#r` names region, `:t` and `:r` default to W and EU (each sent when used). */
  const query = (keyCondition: string, values: Record<string, unknown> = {}, extra: Partial<QueryCommandInput> = {}) => {
    const text = `${keyCondition} ${extra.FilterExpression ?? ''}`;
    const used = Object.entries({ ':t': { S: 'W' }, ':r': { S: 'EU' }, ...values }).filter(([placeholder]) => new RegExp(`${placeholder}\\b`).test(text));
    return eddy.ddb.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: 'byTournament',
        KeyConditionExpression: keyCondition,
        ...(text.includes('#r') && { ExpressionAttributeNames: { '#r': 'region' } }),
        ExpressionAttributeValues: Object.fromEntries(used),
        ...extra,
      } as QueryCommandInput),
    );
  };
  const inWinterEu = (condition: string, values: Record<string, unknown> = {}, extra: Partial<QueryCommandInput> = {}) =>
    query(`tournament = :t AND #r = :r${condition ? ` AND ${condition}` : ''}`, values, extra);
  const n = (value: string) => ({ N: value });
  const s = (value: string) => ({ S: value });

  before(async () => {
    eddy = await startTestEddy();
    await eddy.ddb.send(
      new CreateTableCommand({
        TableName: TABLE,
        KeySchema: [hash('id')],
        AttributeDefinitions: [...DEFINITIONS],
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: [BY_TOURNAMENT],
      }),
    );
    await putAll(eddy.ddb, TABLE, items);
  });
  after(() => eddy.stop());

  it('describes the KeySchema as given, HASH attributes then RANGE ones in their order', async () => {
    const table = (await eddy.ddb.send(new DescribeTableCommand({ TableName: TABLE }))).Table!;
    const index = table.GlobalSecondaryIndexes![0]!;
    assert.deepEqual(index.KeySchema, BY_TOURNAMENT.KeySchema);
    assert.equal(index.ItemCount, 9); // every item carrying all five key attributes
  });

  it('indexes only items carrying every key attribute, ordered by the sort attributes in turn', async () => {
    assert.deepEqual(ids((await inWinterEu('')).Items), ['m6', 'm3', 'm2', 'm1', 'm4', 'm5']);
    assert.deepEqual(ids((await inWinterEu('', {}, { ScanIndexForward: false })).Items), ['m5', 'm4', 'm1', 'm2', 'm3', 'm6']);
    assert.deepEqual(ids((await query('tournament = :t AND #r = :r', { ':t': s('WE'), ':r': s('U') })).Items), ['m13']);
    assert.deepEqual(ids((await query('#r = :r AND tournament = :t', { ':r': s('US') })).Items), ['m7']);
    const scanned = allItems(await scanPages(eddy.ddb, { TableName: TABLE, IndexName: 'byTournament', Limit: 2 }));
    assert.deepEqual(ids(scanned).sort(), ['m1', 'm13', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8']);
  });

  it('answers queries on a prefix of the sort attributes, with equality', async () => {
    assert.deepEqual(ids((await inWinterEu('round = :n', { ':n': n('1') })).Items), ['m3', 'm2', 'm1']);
    assert.deepEqual(ids((await inWinterEu('round = :n AND bracket = :b', { ':n': n('1'), ':b': s('UPPER') })).Items), ['m2', 'm1']);
    const full = await inWinterEu('round = :n AND bracket = :b AND code = :c', { ':n': n('1'), ':b': s('UPPER'), ':c': { B: bytes(1) } });
    assert.deepEqual(ids(full.Items), ['m1']);
    assert.deepEqual(ids((await inWinterEu('round = :n', { ':n': n('3') })).Items), []);
  });

  it('answers a range condition on the last sort attribute used', async () => {
    const byRound = async (condition: string, values: Record<string, unknown>) => ids((await inWinterEu(condition, values)).Items);
    assert.deepEqual(await byRound('round > :n', { ':n': n('1') }), ['m4', 'm5']);
    assert.deepEqual(await byRound('round >= :n', { ':n': n('1') }), ['m3', 'm2', 'm1', 'm4', 'm5']);
    assert.deepEqual(await byRound('round < :n', { ':n': n('1') }), ['m6']);
    assert.deepEqual(await byRound('round <= :n', { ':n': n('1') }), ['m6', 'm3', 'm2', 'm1']);
    assert.deepEqual(await byRound('round BETWEEN :a AND :b', { ':a': n('1'), ':b': n('2') }), ['m3', 'm2', 'm1', 'm4']);
    const inRound1 = { ':n': n('1') };
    assert.deepEqual(await byRound('round = :n AND bracket >= :b', { ...inRound1, ':b': s('M') }), ['m2', 'm1']);
    assert.deepEqual(await byRound('round = :n AND bracket < :b', { ...inRound1, ':b': s('M') }), ['m3']);
    assert.deepEqual(await byRound('round = :n AND begins_with(bracket, :b)', { ...inRound1, ':b': s('UP') }), ['m2', 'm1']);
    assert.deepEqual(await byRound('round = :n AND bracket = :b AND code > :c', { ...inRound1, ':b': s('UPPER'), ':c': { B: bytes(0) } }), ['m2', 'm1']);
    assert.deepEqual(await byRound('round = :n AND bracket = :b AND code < :c', { ...inRound1, ':b': s('UPPER'), ':c': { B: bytes(1) } }), ['m2']);
    assert.deepEqual(
      await byRound('round = :n AND bracket = :b AND begins_with(code, :c)', { ...inRound1, ':b': s('UPPER'), ':c': { B: bytes(0) } }),
      ['m2'],
    );
  });

  it('accepts legacy KeyConditions under the same rules', async () => {
    const result = await eddy.ddb.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: 'byTournament',
        KeyConditions: {
          tournament: { ComparisonOperator: 'EQ', AttributeValueList: [s('W')] },
          region: { ComparisonOperator: 'EQ', AttributeValueList: [s('EU')] },
          round: { ComparisonOperator: 'EQ', AttributeValueList: [n('1')] },
          bracket: { ComparisonOperator: 'GT', AttributeValueList: [s('M')] },
        },
      }),
    );
    assert.deepEqual(ids(result.Items), ['m2', 'm1']);
  });

  it('pages with a LastEvaluatedKey carrying every key attribute of the table and the index', async () => {
    const first = await inWinterEu('', {}, { Limit: 2 });
    assert.deepEqual(first.LastEvaluatedKey, {
      tournament: s('W'),
      region: s('EU'),
      round: n('1'),
      bracket: s('LOWER'),
      code: { B: bytes(5) },
      id: s('m3'),
    });
    const base = { TableName: TABLE, IndexName: 'byTournament', ExpressionAttributeNames: { '#r': 'region' } };
    const forward = await queryPages(eddy.ddb, {
      ...base,
      KeyConditionExpression: 'tournament = :t AND #r = :r',
      ExpressionAttributeValues: { ':t': s('W'), ':r': s('EU') },
      Limit: 2,
    });
    assert.deepEqual(ids(allItems(forward)), ['m6', 'm3', 'm2', 'm1', 'm4', 'm5']);
    const backward = await queryPages(eddy.ddb, {
      ...base,
      KeyConditionExpression: 'tournament = :t AND #r = :r AND round BETWEEN :a AND :b',
      ExpressionAttributeValues: { ':t': s('W'), ':r': s('EU'), ':a': n('1'), ':b': n('2') },
      ScanIndexForward: false,
      Limit: 1,
    });
    assert.deepEqual(ids(allItems(backward)), ['m4', 'm1', 'm2', 'm3']);
    await validationError(inWinterEu('', {}, { ExclusiveStartKey: { id: s('m3'), tournament: s('W'), region: s('EU') } }), 'The provided starting key is invalid');
  });

  it('follows the item in and out of the index as its key attributes come and go', async () => {
    const update = (expression: string, values?: Record<string, unknown>) =>
      eddy.ddb.send(
        new UpdateItemCommand({
          TableName: TABLE,
          Key: { id: s('m9') },
          UpdateExpression: expression,
          ...(values && { ExpressionAttributeValues: values as never }),
        }),
      );
    await update('SET code = :c', { ':c': { B: bytes(9) } });
    assert.deepEqual(ids((await inWinterEu('round = :n AND bracket = :b', { ':n': n('1'), ':b': s('UPPER') })).Items), ['m2', 'm1', 'm9']);
    await update('REMOVE bracket');
    assert.deepEqual(ids((await inWinterEu('round = :n', { ':n': n('1') })).Items), ['m3', 'm2', 'm1']);
  });

  it('checks the type of every key attribute on write, a later one too', async () => {
    await validationError(
      eddy.ddb.send(new PutItemCommand({ TableName: TABLE, Item: { ...match('bad', 'W', 'EU', '1', 'UPPER', undefined), code: s('x') } })),
      'One or more parameter values were invalid: Type mismatch for Index Key code Expected: B Actual: S IndexName: byTournament',
    );
  });

  it('refuses key conditions that break the multi-attribute rules', async () => {
    await validationError(query('tournament = :t'), 'Query condition missed key schema element: region');
    await validationError(query('tournament = :t AND #r > :r'), 'Query key condition not supported');
    await validationError(inWinterEu('bracket = :b', { ':b': s('UPPER') }), 'Query condition missed key schema element: round');
    await validationError(inWinterEu('round = :n AND code = :c', { ':n': n('1'), ':c': { B: bytes(1) } }), 'Query condition missed key schema element: bracket');
    await validationError(inWinterEu('round > :n AND bracket = :b', { ':n': n('1'), ':b': s('UPPER') }), 'Query key condition not supported');
    await validationError(
      inWinterEu('round = :n', { ':n': s('1') }),
      'One or more parameter values were invalid: Condition parameter type does not match schema type',
    );
    await validationError(
      inWinterEu('round = :n', { ':n': n('1'), ':b': s('x') }, { FilterExpression: 'bracket = :b' }),
      'Filter Expression can only contain non-primary key attributes: Primary key attribute: bracket',
    );
  });
});

describe('CreateTable and UpdateTable with multi-attribute GSI keys', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
  });
  after(() => eddy.stop());

  const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
  const withIndexKey = (keySchema: KeySchemaElement[], extra: Partial<CreateTableCommandInput> = {}): CreateTableCommandInput => ({
    TableName: tableName('ma'),
    KeySchema: [hash('id')],
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' as const }, ...names.map((name) => ({ AttributeName: name, AttributeType: 'S' as const }))].filter(
      (d) => d.AttributeName === 'id' || keySchema.some((k) => k.AttributeName === d.AttributeName),
    ),
    BillingMode: 'PAY_PER_REQUEST',
    GlobalSecondaryIndexes: [{ IndexName: 'multi', KeySchema: keySchema, Projection: { ProjectionType: 'KEYS_ONLY' } }],
    ...extra,
  });
  const create = (input: CreateTableCommandInput) => eddy.ddb.send(new CreateTableCommand(input));

  it('accepts up to four HASH and four RANGE attributes, and HASH attributes alone', async () => {
    const eight = [...names.slice(0, 4).map(hash), ...names.slice(4, 8).map(range)];
    const created = await create(withIndexKey(eight));
    assert.deepEqual(created.TableDescription!.GlobalSecondaryIndexes![0]!.KeySchema, eight);
    const twoHashes = await create(withIndexKey([hash('a'), hash('b')]));
    assert.deepEqual(twoHashes.TableDescription!.GlobalSecondaryIndexes![0]!.KeySchema, [hash('a'), hash('b')]);
  });

  it("refuses what DynamoDB refuses, with DynamoDB's messages", async () => {
    const invalid = 'One or more parameter values were invalid: ';
    await validationError(create(withIndexKey(names.slice(0, 5).map(hash))), `${invalid}The KeySchema exceeds the maximum allowed number of HASH key attributes`);
    await validationError(
      create(withIndexKey([hash('a'), ...names.slice(1, 6).map(range)])),
      `${invalid}The KeySchema exceeds the maximum allowed number of RANGE key attributes`,
    );
    await validationError(create(withIndexKey([hash('a'), range('b'), hash('c')])), `${invalid}All HASH key attributes must precede RANGE key attributes in the KeySchema`);
    await validationError(create(withIndexKey([range('a'), hash('b')])), 'Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
    await validationError(create(withIndexKey([hash('a'), hash('a')])), 'The KeySchema contains multiple key attributes with the same name');
    await validationError(create(withIndexKey([hash('a'), range('b'), range('a')])), 'The KeySchema contains multiple key attributes with the same name');
    // The base table and LSIs keep one HASH and at most one RANGE.
    await assert.rejects(
      create({ ...withIndexKey([hash('a')]), KeySchema: [hash('id'), range('a'), range('b')] }),
      (e: any) => e.name === 'ValidationException' && /Member must have length less than or equal to 2/.test(e.message),
    );
    await validationError(
      create({ ...withIndexKey([hash('a')]), KeySchema: [hash('id'), hash('a')] }),
      'Invalid KeySchema: The second KeySchemaElement is not a RANGE key type',
    );
  });

  it('backfills a multi-attribute GSI added by UpdateTable to a table holding items', async () => {
    const name = tableName('ma-backfill');
    await create({ TableName: name, KeySchema: [hash('id')], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' });
    const rows: Item[] = [];
    for (let i = 0; i < 250; i++) {
      rows.push({
        id: { S: `i${i}` },
        tenant: { S: `t${i % 2}` },
        kind: { S: 'doc' },
        year: { N: String(2000 + (i % 5)) },
        ...(i % 10 !== 0 && { seq: { N: String(i) } }), // every tenth item lacks seq: not indexed
      });
    }
    await putAll(eddy.ddb, name, rows);
    const addIndex = (keySchema: KeySchemaElement[]) =>
      eddy.ddb.send(
        new UpdateTableCommand({
          TableName: name,
          AttributeDefinitions: [
            { AttributeName: 'tenant', AttributeType: 'S' },
            { AttributeName: 'kind', AttributeType: 'S' },
            { AttributeName: 'year', AttributeType: 'N' },
            { AttributeName: 'seq', AttributeType: 'N' },
          ],
          GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byTenant', KeySchema: keySchema, Projection: { ProjectionType: 'ALL' } } }],
        }),
      );
    await validationError(
      addIndex([hash('tenant'), range('year'), hash('kind')]),
      'One or more parameter values were invalid: All HASH key attributes must precede RANGE key attributes in the KeySchema',
    );
    const keySchema = [hash('tenant'), hash('kind'), range('year'), range('seq')];
    const updated = await addIndex(keySchema);
    assert.deepEqual(updated.TableDescription!.GlobalSecondaryIndexes![0]!.KeySchema, keySchema);
    for (let i = 0; ; i++) {
      const index = (await eddy.ddb.send(new DescribeTableCommand({ TableName: name }))).Table!.GlobalSecondaryIndexes![0]!;
      if (index.IndexStatus === 'ACTIVE') break;
      assert.ok(i < 10_000, 'the index never became ACTIVE');
    }
    const pages = await queryPages(eddy.ddb, {
      TableName: name,
      IndexName: 'byTenant',
      KeyConditionExpression: 'tenant = :t AND kind = :k AND #y = :y',
      ExpressionAttributeNames: { '#y': 'year' },
      ExpressionAttributeValues: { ':t': { S: 't1' }, ':k': { S: 'doc' }, ':y': { N: '2003' } },
      Limit: 7,
    });
    const expected = rows
      .filter((row) => row['tenant']!.S === 't1' && row['year']!.N === '2003' && row['seq'] !== undefined)
      .sort((x, y) => Number(x['seq']!.N) - Number(y['seq']!.N));
    assert.deepEqual(ids(allItems(pages)), ids(expected));
    assert.ok(expected.length > 7);
    const scan = await eddy.ddb.send(new ScanCommand({ TableName: name, IndexName: 'byTenant', Select: 'COUNT' }));
    assert.equal(scan.Count, 225);
  });
});
