import { after, before, describe, it } from 'node:test';
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { assertRawError, hashTable, rejectsWith, tableName, validationError } from './table-fixtures.js';

const INVALID = 'One or more parameter values were invalid: ';

describe('CreateTable', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(Date.UTC(2026, 2, 14, 9, 26, 53, 589));
  before(async () => {
    eddy = await startTestEddy({ clock });
  });
  after(() => eddy.stop());

  const create = (input: Parameters<typeof hashTable>[1] & { TableName?: string } = {}) =>
    eddy.ddb.send(new CreateTableCommand(hashTable(input.TableName ?? tableName(), input) as any));

  describe('semantic validation', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      [
        'PROVISIONED without throughput',
        { BillingMode: undefined },
        `${INVALID}ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED`,
      ],
      [
        'PAY_PER_REQUEST with throughput',
        { ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } },
        `${INVALID}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST`,
      ],
      [
        'key attribute not defined',
        { KeySchema: [{ AttributeName: 'x', KeyType: 'HASH' }] },
        `${INVALID}Some index key attributes are not defined in AttributeDefinitions. Keys: [x], AttributeDefinitions: [pk]`,
      ],
      [
        'more keys than definitions',
        {
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
        },
        'Invalid KeySchema: Some index key attribute have no definition',
      ],
      [
        'unused definitions without indexes',
        {
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'other', AttributeType: 'S' },
          ],
        },
        `${INVALID}Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions`,
      ],
      [
        'duplicate definitions',
        {
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'pk', AttributeType: 'N' },
          ],
        },
        'Attribute Name is duplicated: pk',
      ],
      ['first key not HASH', { KeySchema: [{ AttributeName: 'pk', KeyType: 'RANGE' }] }, 'Invalid KeySchema: The first KeySchemaElement is not a HASH key type'],
      [
        'same hash and range',
        {
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'pk', KeyType: 'RANGE' },
          ],
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'x', AttributeType: 'S' },
          ],
        },
        'Both the Hash Key and the Range Key element in the KeySchema have the same name',
      ],
      [
        'stream enabled without view type',
        { StreamSpecification: { StreamEnabled: true } },
        `${INVALID}Table is being created with a stream enabled, UpdateViewType is required`,
      ],
      [
        'stream disabled with a view type',
        { StreamSpecification: { StreamEnabled: false, StreamViewType: 'KEYS_ONLY' } },
        `${INVALID}Table is being created with a stream disabled, UpdateViewType should not be specified`,
      ],
      [
        'invalid table class',
        { TableClass: 'GLACIER' },
        'Invalid table-class parameter provided. Please try again with a valid table-class value: [STANDARD, STANDARD_INFREQUENT_ACCESS].',
      ],
      ['SSEType with Enabled false', { SSESpecification: { Enabled: false, SSEType: 'KMS' } }, `${INVALID}SSEType can not be specified if Enabled is false`],
      ['AES256', { SSESpecification: { Enabled: true, SSEType: 'AES256' } }, `${INVALID}SSEType AES256 is not supported`],
      ['tag key prefixed aws:', { Tags: [{ Key: 'aws:foo', Value: 'x' }] }, 'Tag Key cannot be prefixed with aws:, Key: aws:foo'],
      ['tag without value', { Tags: [{ Key: 'k' }] }, 'The Tag Value provided is invalid, Value: null'],
      [
        '51 tags',
        { Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) },
        'Number of Tags exceed the current limit for the provided ResourceArn',
      ],
    ];
    for (const [name, overrides, message] of cases) {
      it(name, async () => {
        const input: Record<string, unknown> = { ...hashTable(tableName()), ...overrides };
        for (const key of Object.keys(input)) if (input[key] === undefined) delete input[key];
        assertRawError(await eddy.raw('CreateTable', input), 'ValidationException', message);
      });
    }

    const indexed = (overrides: Record<string, unknown>) => ({
      TableName: tableName(),
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'g', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      ...overrides,
    });
    const gsi = (extra: Record<string, unknown> = {}) => ({
      IndexName: 'byG',
      KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }],
      Projection: { ProjectionType: 'ALL' },
      ...extra,
    });
    const indexCases: [string, Record<string, unknown>, string][] = [
      ['empty GSI list', { GlobalSecondaryIndexes: [] }, `${INVALID}List of GlobalSecondaryIndexes is empty`],
      [
        'GSI key not defined',
        { GlobalSecondaryIndexes: [gsi({ KeySchema: [{ AttributeName: 'zz', KeyType: 'HASH' }] })] },
        `${INVALID}Some index key attributes are not defined in AttributeDefinitions. Keys: [zz], AttributeDefinitions: [pk, sk, g]`,
      ],
      [
        'INCLUDE without NonKeyAttributes',
        { GlobalSecondaryIndexes: [gsi({ Projection: { ProjectionType: 'INCLUDE' } })] },
        `${INVALID}ProjectionType is INCLUDE, but NonKeyAttributes is not specified`,
      ],
      [
        'KEYS_ONLY with NonKeyAttributes',
        { GlobalSecondaryIndexes: [gsi({ Projection: { ProjectionType: 'KEYS_ONLY', NonKeyAttributes: ['a'] } })] },
        `${INVALID}ProjectionType is KEYS_ONLY, but NonKeyAttributes is specified`,
      ],
      ['missing ProjectionType', { GlobalSecondaryIndexes: [gsi({ Projection: {} })] }, `${INVALID}Unknown ProjectionType: null`],
      [
        'GSI throughput on PAY_PER_REQUEST',
        { GlobalSecondaryIndexes: [gsi({ ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } })] },
        `${INVALID}ProvisionedThroughput should not be specified for index: byG when BillingMode is PAY_PER_REQUEST`,
      ],
      [
        'GSI without throughput on PROVISIONED',
        {
          BillingMode: 'PROVISIONED',
          ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
          GlobalSecondaryIndexes: [gsi()],
        },
        `${INVALID}ProvisionedThroughput is not specified for index: byG`,
      ],
      ['duplicate index names', { GlobalSecondaryIndexes: [gsi(), gsi()] }, `${INVALID}Duplicate index name: byG`],
      [
        'unused definitions with indexes',
        {
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
            { AttributeName: 'g', AttributeType: 'S' },
            { AttributeName: 'unused', AttributeType: 'S' },
          ],
          GlobalSecondaryIndexes: [gsi()],
        },
        `${INVALID}Some AttributeDefinitions are not used. AttributeDefinitions: [pk, sk, g, unused], keys used: [pk, sk, g]`,
      ],
      [
        'LSI on a table without sort key',
        {
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          LocalSecondaryIndexes: [
            {
              IndexName: 'lsi1',
              KeySchema: [
                { AttributeName: 'pk', KeyType: 'HASH' },
                { AttributeName: 'g', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          ],
        },
        `${INVALID}Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex`,
      ],
      [
        'LSI with another hash key',
        {
          LocalSecondaryIndexes: [
            {
              IndexName: 'lsi1',
              KeySchema: [
                { AttributeName: 'g', KeyType: 'HASH' },
                { AttributeName: 'sk', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          ],
        },
        `${INVALID}Index KeySchema does not have the same leading hash key as table KeySchema for index: lsi1. index hash key: g, table hash key: pk`,
      ],
      [
        'LSI without range key',
        { LocalSecondaryIndexes: [{ IndexName: 'lsi1', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }] },
        `${INVALID}Index KeySchema does not have a range key for index: lsi1`,
      ],
      [
        'six LSIs',
        {
          LocalSecondaryIndexes: Array.from({ length: 6 }, (_, i) => ({
            IndexName: `l${i}x`,
            KeySchema: [
              { AttributeName: 'pk', KeyType: 'HASH' },
              { AttributeName: 'g', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          })),
        },
        `${INVALID}Number of LocalSecondaryIndexes exceeds per-table limit of 5`,
      ],
      [
        '21 GSIs',
        { GlobalSecondaryIndexes: Array.from({ length: 21 }, (_, i) => gsi({ IndexName: `g${i}x` })) },
        `${INVALID}GlobalSecondaryIndex count exceeds the per-table limit of 20`,
      ],
    ];
    for (const [name, overrides, message] of indexCases) {
      it(name, async () => {
        assertRawError(await eddy.raw('CreateTable', indexed(overrides)), 'ValidationException', message);
      });
    }

    it('SDK error carries the same message', async () => {
      await validationError(
        create({ BillingMode: 'PAY_PER_REQUEST', ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }),
        `${INVALID}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST`,
      );
    });

    it('creates nothing when validation fails', async () => {
      const name = tableName();
      await validationError(create({ TableName: name, Tags: [{ Key: '', Value: 'v' }] }), 'The Tag Key provided is invalid, Key: ');
      await rejectsWith(
        eddy.ddb.send(new DescribeTableCommand({ TableName: name })),
        'ResourceNotFoundException',
        `Requested resource not found: Table: ${name} not found`,
      );
    });
  });
});
