import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchGetItemCommand,
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { hashTable, validationError } from './table-fixtures.js';

/** Measured on AWS (see src/table/values/attribute-name.ts). */
const NAME_TOO_LARGE = '1 validation error detected: Attribute name is too large, must be less than 65536 bytes';
/** dynalite's suite, as recorded on AWS. */
const duplicate = (name: string) => `One or more parameter values were invalid: Duplicate value in attribute name: ${name}`;
/** Unconfirmed as AWS's whole message: see src/table/validation/attribute-names.ts. */
const EMPTY_NAME = 'Empty attribute name';
const atLeastOne = (path: string) =>
  `1 validation error detected: Value '[]' at '${path}' failed to satisfy constraint: Member must have length greater than or equal to 1`;

/** The legacy AttributesToGet of GetItem, BatchGetItem, Query and Scan: each name once, 1 to 65 535 bytes. */
describe('AttributesToGet', () => {
  let eddy: TestEddy;
  const TABLE = 'AttrsToGet'; // pk S
  const key = { pk: { S: 'p' } };
  const longest = 'n'.repeat(65_535);
  const tooLong = 'n'.repeat(65_536);
  before(async () => {
    eddy = await startTestEddy();
    await eddy.ddb.send(new CreateTableCommand(hashTable(TABLE)));
    await eddy.ddb.send(new PutItemCommand({ TableName: TABLE, Item: { ...key, a: { S: 'x' }, [longest]: { N: '1' } } }));
  });
  after(() => eddy.stop());

  const readers = {
    GetItem: (AttributesToGet: string[]) => eddy.ddb.send(new GetItemCommand({ TableName: TABLE, Key: key, AttributesToGet })),
    BatchGetItem: (AttributesToGet: string[]) =>
      eddy.ddb.send(new BatchGetItemCommand({ RequestItems: { [TABLE]: { Keys: [key], AttributesToGet } } })),
    Query: (AttributesToGet: string[]) =>
      eddy.ddb.send(
        new QueryCommand({ TableName: TABLE, KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] } }, AttributesToGet }),
      ),
    Scan: (AttributesToGet: string[]) => eddy.ddb.send(new ScanCommand({ TableName: TABLE, AttributesToGet })),
  };

  for (const [operation, read] of Object.entries(readers)) {
    describe(operation, () => {
      it('returns a name of 65 535 bytes', async () => {
        const out: any = await read([longest, 'a']);
        const item = out.Item ?? out.Items?.[0] ?? out.Responses?.[TABLE]?.[0];
        assert.deepEqual(item, { a: { S: 'x' }, [longest]: { N: '1' } });
      });

      it('refuses a name of 65 536 bytes', () => validationError(read(['a', tooLong]), NAME_TOO_LARGE));

      it('refuses an empty name', () => validationError(read(['a', '']), EMPTY_NAME));

      it('refuses a name given twice', () => validationError(read(['a', 'b', 'a']), duplicate('a')));

      it('refuses an empty list', () =>
        validationError(read([]), atLeastOne(operation === 'BatchGetItem' ? `requestItems.${TABLE}.member.attributesToGet` : 'attributesToGet')));
    });
  }

  it('checks the names in order: a repeat before a later empty name, an empty name before a later repeat', async () => {
    await validationError(readers.GetItem(['a', 'b', 'a', '']), duplicate('a'));
    await validationError(readers.GetItem(['a', '', 'a']), EMPTY_NAME);
    await validationError(readers.GetItem(['a', 'a', tooLong]), duplicate('a'));
  });
});
