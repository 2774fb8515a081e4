import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { createItemTables, get, put, tables, unique, validation } from './item-fixtures.js';

/** Data rules DynamoDB applies to every attribute value, seen through PutItem and GetItem. */
describe('item data rules', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
    await createItemTables(eddy.ddb);
  });
  after(() => eddy.stop());

  const putValue = (value: AttributeValue, userId = unique('data')) =>
    eddy.ddb.send(new PutItemCommand({ TableName: tables.users, Item: { userId: { S: userId }, v: value } }));

  /** Stores `{v: value}` and returns what GetItem gives back for v. */
  async function roundTrip(value: AttributeValue): Promise<AttributeValue | undefined> {
    const userId = unique('rt');
    await putValue(value, userId);
    return (await get(eddy.ddb, tables.users, { userId: { S: userId } }))?.v;
  }

  /** The raw error message for an Item sent as JSON (for shapes the SDK would not produce). */
  async function rawPutError(v: unknown): Promise<{ type: string; message: string }> {
    const res = await eddy.raw('PutItem', { TableName: tables.users, Item: { userId: { S: 'raw' }, v } });
    assert.equal(res.status, 400);
    return { type: res.json.__type, message: res.json.message };
  }

  describe('numbers', () => {
    const cases: [string, string][] = [
      ['1.50', '1.5'],
      ['0001', '1'],
      ['-0', '0'],
      ['0.000', '0'],
      ['1e3', '1000'],
      ['1.5E-3', '0.0015'],
      ['+7', '7'],
      ['-12.340', '-12.34'],
      ['.5', '0.5'],
    ];
    for (const [sent, stored] of cases) {
      it(`stores ${sent} as ${stored}`, async () => {
        assert.deepEqual(await roundTrip({ N: sent }), { N: stored });
      });
    }

    it('keeps 38 significant digits exactly', async () => {
      const n = '1234567890123456789012345678901234567.8';
      assert.deepEqual(await roundTrip({ N: n }), { N: n });
      assert.deepEqual(await roundTrip({ N: '-9.9999999999999999999999999999999999999E+125' }), {
        N: `-${'9'.repeat(38)}${'0'.repeat(88)}`,
      });
      assert.deepEqual(await roundTrip({ N: '1E-130' }), { N: `0.${'0'.repeat(129)}1` });
    });

    it('refuses more than 38 significant digits', async () => {
      await validation(putValue({ N: '1.234567890123456789012345678901234567891' }), 'Attempting to store more than 38 significant digits in a Number');
    });

    it('refuses numbers out of range', async () => {
      await validation(putValue({ N: '1E126' }), 'Number overflow. Attempting to store a number with magnitude larger than supported range');
      await validation(putValue({ N: '1E-131' }), 'Number underflow. Attempting to store a number with magnitude smaller than supported range');
    });

    it('refuses text that is not a number', async () => {
      await validation(putValue({ N: 'twelve' }), 'The parameter cannot be converted to a numeric value: twelve');
      await validation(putValue({ N: '' }), 'The parameter cannot be converted to a numeric value');
    });

    it('canonicalises number sets and nested numbers', async () => {
      assert.deepEqual(await roundTrip({ NS: ['1.0', '20', '3e1'] }), { NS: ['1', '20', '30'] });
      assert.deepEqual(await roundTrip({ M: { a: { L: [{ N: '05.10' }] } } }), { M: { a: { L: [{ N: '5.1' }] } } });
    });
  });

  describe('sets', () => {
    it('refuses empty sets of each type', async () => {
      await validation(putValue({ SS: [] }), 'One or more parameter values were invalid: An string set  may not be empty');
      await validation(putValue({ NS: [] }), 'One or more parameter values were invalid: An number set  may not be empty');
      await validation(putValue({ BS: [] }), 'One or more parameter values were invalid: Binary sets should not be empty');
    });

    it('refuses duplicate set members', async () => {
      await validation(putValue({ SS: ['a', 'b', 'a'] }), 'One or more parameter values were invalid: Input collection [a, b, a] contains duplicates.');
      await validation(putValue({ NS: ['1', '1.0'] }), 'Input collection contains duplicates');
    });

    it('allows the empty string within a string set (sets are unordered)', async () => {
      const stored = await roundTrip({ SS: ['b', 'a', ''] });
      assert.deepEqual([...(stored?.SS ?? [])].sort(), ['', 'a', 'b']);
    });

    it('stores binary sets', async () => {
      const value = { BS: [new Uint8Array([1, 2]), new Uint8Array([]), new Uint8Array([255])] };
      assert.deepEqual(await roundTrip(value), value);
    });
  });

  describe('strings, binaries and documents', () => {
    it('allows empty strings and binaries outside keys, nested too', async () => {
      assert.deepEqual(await roundTrip({ S: '' }), { S: '' });
      assert.deepEqual(await roundTrip({ B: new Uint8Array() }), { B: new Uint8Array() });
      assert.deepEqual(await roundTrip({ M: { e: { S: '' }, l: { L: [{ S: '' }] } } }), { M: { e: { S: '' }, l: { L: [{ S: '' }] } } });
    });

    it('stores any Unicode text, astral characters included', async () => {
      const text = 'naïve – 日本語 – 🦆🎉 – \u0000 – \uffff';
      assert.deepEqual(await roundTrip({ S: text }), { S: text });
    });

    it('stores every byte value in binaries', async () => {
      const bytes = new Uint8Array(256).map((_, i) => i);
      assert.deepEqual(await roundTrip({ B: bytes }), { B: bytes });
    });

    it('allows empty maps and lists', async () => {
      assert.deepEqual(await roundTrip({ M: {} }), { M: {} });
      assert.deepEqual(await roundTrip({ L: [] }), { L: [] });
    });

    it('uses binary partition keys by their bytes', async () => {
      const a = new Uint8Array([0x61]);
      const b = new Uint8Array([0x61, 0x00]);
      await put(eddy.ddb, tables.blobs, { id: { B: a }, which: { S: 'a' } });
      await put(eddy.ddb, tables.blobs, { id: { B: b }, which: { S: 'b' } });
      assert.equal((await get(eddy.ddb, tables.blobs, { id: { B: a } }))?.which?.S, 'a');
      assert.equal((await get(eddy.ddb, tables.blobs, { id: { B: b } }))?.which?.S, 'b');
    });
  });

  describe('nesting', () => {
    const nested = (levels: number): AttributeValue => {
      let value: AttributeValue = { S: 'leaf' };
      for (let i = 0; i < levels; i++) value = i % 2 ? { L: [value] } : { M: { n: value } };
      return value;
    };

    it('accepts 31 levels of documents around a value', async () => {
      const value = nested(31);
      assert.deepEqual(await roundTrip(value), value);
    });

    it('refuses 32 levels', async () => {
      await validation(
        putValue(nested(32)),
        'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit',
      );
    });
  });

  describe('malformed values', () => {
    it('refuses a value with no type', async () => {
      assert.deepEqual(await rawPutError({}), {
        type: 'com.amazon.coral.validate#ValidationException',
        message: 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes',
      });
    });

    it('refuses a value with two types', async () => {
      assert.equal(
        (await rawPutError({ S: 'a', BOOL: true })).message,
        'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
      );
    });

    it('refuses NULL false', async () => {
      assert.equal((await rawPutError({ NULL: false })).message, 'One or more parameter values were invalid: Null attribute value types must have the value of true');
    });
  });

  describe('item size', () => {
    // userId (6) + 8-byte key + v (1) leaves 409585 bytes for the value in a 409600-byte item.
    const keyValue = (prefix: string) => `${prefix}-`.padEnd(8, 'x').slice(0, 8);

    it('accepts an item of exactly 400 KB', async () => {
      const userId = keyValue('max');
      await putValue({ S: 'x'.repeat(409_585) }, userId);
      const stored = await get(eddy.ddb, tables.users, { userId: { S: userId } });
      assert.equal(stored?.v?.S?.length, 409_585);
    });

    it('refuses an item one byte larger', async () => {
      await validation(putValue({ S: 'x'.repeat(409_586) }, keyValue('over')), 'Item size has exceeded the maximum allowed size');
    });

    it('counts attribute names and UTF-8 bytes', async () => {
      // 'é' is 2 bytes: 204 793 of them plus 1 byte is 409 587 > 409 585.
      await validation(putValue({ S: 'é'.repeat(204_793) + 'x' }, keyValue('utf')), 'Item size has exceeded the maximum allowed size');
      await putValue({ S: 'é'.repeat(204_792) + 'x' }, keyValue('utf'));
    });
  });
});
