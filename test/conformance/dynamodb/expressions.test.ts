import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { createItemTables, get, put, tables, unique, validation } from './item-fixtures.js';

/** The expression language end to end: every comparator, function and update action over the wire. */
describe('expressions', () => {
  let eddy: TestEddy;
  const probeKey = { userId: { S: 'expr-probe' } };
  const probe: Record<string, AttributeValue> = {
    ...probeKey,
    s: { S: 'hello world' },
    n: { N: '10' },
    b: { B: new Uint8Array([1, 2, 3]) },
    ss: { SS: ['a', 'b'] },
    ns: { NS: ['1', '2', '3'] },
    bs: { BS: [new Uint8Array([1]), new Uint8Array([2])] },
    l: { L: [{ N: '1' }, { S: 'two' }, { M: { x: { S: 'y' } } }] },
    m: { M: { inr: { M: { deep: { N: '5' } } }, 'dotted.name': { S: 'd' } } },
    nul: { NULL: true },
    t: { BOOL: true },
    blank: { S: '' },
    status: { S: 'active' },
  };

  before(async () => {
    eddy = await startTestEddy();
    await createItemTables(eddy.ddb);
    await put(eddy.ddb, tables.users, probe);
  });
  after(() => eddy.stop());

  /** Whether `condition` holds for the probe item (a conditional UpdateItem that changes nothing). */
  async function holds(condition: string, values?: Record<string, AttributeValue>, names?: Record<string, string>): Promise<boolean> {
    try {
      await eddy.ddb.send(
        new UpdateItemCommand({
          TableName: tables.users,
          Key: probeKey,
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
          ExpressionAttributeNames: names,
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  const N = (n: string | number) => ({ N: String(n) });
  const S = (s: string) => ({ S: s });

  describe('comparators', () => {
    it('= and <> compare values of the same type', async () => {
      assert.equal(await holds('n = :v', { ':v': N('10.0') }), true);
      assert.equal(await holds('n <> :v', { ':v': N(10) }), false);
      assert.equal(await holds('s = :v', { ':v': S('hello world') }), true);
      assert.equal(await holds('ss = :v', { ':v': { SS: ['b', 'a'] } }), true);
      assert.equal(await holds('l[2] = :v', { ':v': { M: { x: S('y') } } }), true);
    });

    it('values of different types are never equal, and <> holds', async () => {
      assert.equal(await holds('n = :v', { ':v': S('10') }), false);
      assert.equal(await holds('n <> :v', { ':v': S('10') }), true);
    });

    it('<, <=, >, >= order numbers, strings and binaries', async () => {
      assert.equal(await holds('n < :v', { ':v': N(11) }), true);
      assert.equal(await holds('n <= :v', { ':v': N(10) }), true);
      assert.equal(await holds('n > :v', { ':v': N('9.99') }), true);
      assert.equal(await holds('n >= :v', { ':v': N(11) }), false);
      assert.equal(await holds('s < :v', { ':v': S('i') }), true);
      assert.equal(await holds('b > :v', { ':v': { B: new Uint8Array([1, 2]) } }), true);
    });

    it('ordering across types is false both ways', async () => {
      assert.equal(await holds('n < :v', { ':v': S('z') }), false);
      assert.equal(await holds('n > :v', { ':v': S('z') }), false);
    });

    it('compares two paths', async () => {
      assert.equal(await holds('n > m.inr.deep'), true);
      assert.equal(await holds('l[0] < n'), true);
    });

    it('BETWEEN is inclusive', async () => {
      assert.equal(await holds('n BETWEEN :lo AND :hi', { ':lo': N(10), ':hi': N(20) }), true);
      assert.equal(await holds('n BETWEEN :lo AND :hi', { ':lo': N(11), ':hi': N(20) }), false);
      assert.equal(await holds('s BETWEEN :lo AND :hi', { ':lo': S('a'), ':hi': S('z') }), true);
    });

    it('IN matches any listed value', async () => {
      assert.equal(await holds('n IN (:a, :b)', { ':a': N(9), ':b': N(10) }), true);
      assert.equal(await holds('s IN (:a)', { ':a': S('hello') }), false);
    });
  });

  describe('logic', () => {
    it('AND binds tighter than OR; NOT negates', async () => {
      const values = { ':nine': N(9), ':ten': N(10), ':yes': { BOOL: true } };
      assert.equal(await holds('n = :nine OR n = :ten AND t = :yes', values), true);
      assert.equal(await holds('(n = :nine OR n = :ten) AND NOT t = :yes', values), false);
      assert.equal(await holds('NOT n = :nine', { ':nine': N(9) }), true);
    });

    it('keywords are case-insensitive', async () => {
      assert.equal(await holds('n between :a and :b or not attribute_exists(n)', { ':a': N(1), ':b': N(10) }), true);
    });
  });

  describe('functions', () => {
    it('attribute_exists and attribute_not_exists, on nested paths too', async () => {
      assert.equal(await holds('attribute_exists(m.inr.deep)'), true);
      assert.equal(await holds('attribute_exists(l[5])'), false);
      assert.equal(await holds('attribute_exists(nul)'), true);
      assert.equal(await holds('attribute_not_exists(absent)'), true);
      assert.equal(await holds('attribute_not_exists(s)'), false);
    });

    it('attribute_type checks the stored type', async () => {
      assert.equal(await holds('attribute_type(n, :t)', { ':t': S('N') }), true);
      assert.equal(await holds('attribute_type(nul, :t)', { ':t': S('NULL') }), true);
      assert.equal(await holds('attribute_type(ss, :t)', { ':t': S('L') }), false);
      assert.equal(await holds('attribute_type(absent, :t)', { ':t': S('S') }), false);
    });

    it('begins_with on strings and binaries', async () => {
      assert.equal(await holds('begins_with(s, :p)', { ':p': S('hello ') }), true);
      assert.equal(await holds('begins_with(s, :p)', { ':p': S('world') }), false);
      assert.equal(await holds('begins_with(b, :p)', { ':p': { B: new Uint8Array([1, 2]) } }), true);
    });

    it('contains on strings, sets and lists', async () => {
      assert.equal(await holds('contains(s, :v)', { ':v': S('o w') }), true);
      assert.equal(await holds('contains(ss, :v)', { ':v': S('a') }), true);
      assert.equal(await holds('contains(ns, :v)', { ':v': N('2.0') }), true);
      assert.equal(await holds('contains(bs, :v)', { ':v': { B: new Uint8Array([2]) } }), true);
      assert.equal(await holds('contains(l, :v)', { ':v': S('two') }), true);
      assert.equal(await holds('contains(l, :v)', { ':v': S('three') }), false);
    });

    it('size of strings, binaries, sets, lists and maps', async () => {
      assert.equal(await holds('size(s) = :v', { ':v': N(11) }), true);
      assert.equal(await holds('size(b) = :v', { ':v': N(3) }), true);
      assert.equal(await holds('size(ss) = :v', { ':v': N(2) }), true);
      assert.equal(await holds('size(l) > :v', { ':v': N(2) }), true);
      assert.equal(await holds('size(m) = :v', { ':v': N(2) }), true);
      assert.equal(await holds('size(blank) = :v', { ':v': N(0) }), true);
      assert.equal(await holds('size(absent) = :v', { ':v': N(0) }), false);
    });
  });

  describe('names and paths', () => {
    it('#placeholders stand for reserved words and names with dots', async () => {
      assert.equal(await holds('#st = :v', { ':v': S('active') }, { '#st': 'status' }), true);
      assert.equal(await holds('m.#dn = :v', { ':v': S('d') }, { '#dn': 'dotted.name' }), true);
      assert.equal(await holds('attribute_exists(#m.#i.#d)', undefined, { '#m': 'm', '#i': 'inr', '#d': 'deep' }), true);
    });

    it('list indexes address elements', async () => {
      assert.equal(await holds('l[1] = :v', { ':v': S('two') }), true);
      assert.equal(await holds('l[2].x = :v', { ':v': S('y') }), true);
    });
  });

  describe('update actions', () => {
    async function update(
      seed: Record<string, AttributeValue>,
      expression: string,
      values?: Record<string, AttributeValue>,
    ): Promise<Record<string, AttributeValue> | undefined> {
      const key = { userId: { S: unique('act') } };
      await put(eddy.ddb, tables.users, { ...key, ...seed });
      await eddy.ddb.send(
        new UpdateItemCommand({ TableName: tables.users, Key: key, UpdateExpression: expression, ExpressionAttributeValues: values }),
      );
      const item = await get(eddy.ddb, tables.users, key);
      if (item) delete item.userId;
      return item;
    }

    it('SET a value, a copy of another attribute, and arithmetic', async () => {
      assert.deepEqual(await update({ a: N(5) }, 'SET b = a, c = a + :two, d = a - :two, e = :s', { ':two': N(2), ':s': S('x') }), {
        a: N(5),
        b: N(5),
        c: N(7),
        d: N(3),
        e: S('x'),
      });
    });

    it('SET with if_not_exists keeps an existing value', async () => {
      assert.deepEqual(await update({ a: N(1) }, 'SET a = if_not_exists(a, :d), b = if_not_exists(b, :d)', { ':d': N(0) }), {
        a: N(1),
        b: N(0),
      });
    });

    it('SET with list_append at either end', async () => {
      assert.deepEqual(
        await update({ l: { L: [N(2)] } }, 'SET l = list_append(:front, l), m = list_append(l, :back)', {
          ':front': { L: [N(1)] },
          ':back': { L: [N(3)] },
        }),
        { l: { L: [N(1), N(2)] }, m: { L: [N(2), N(3)] } },
      );
    });

    it('SET nested map members and list elements; an index past the end appends', async () => {
      assert.deepEqual(
        await update({ m: { M: { a: N(1) } }, l: { L: [N(1), N(2)] } }, 'SET m.b = :v, l[0] = :v, l[9] = :w', { ':v': S('v'), ':w': S('w') }),
        { m: { M: { a: N(1), b: S('v') } }, l: { L: [S('v'), N(2), S('w')] } },
      );
    });

    it('REMOVE attributes, nested members and list elements', async () => {
      assert.deepEqual(
        await update({ a: N(1), m: { M: { x: N(1), y: N(2) } }, l: { L: [N(0), N(1), N(2)] } }, 'REMOVE a, m.x, l[0], l[2], absent'),
        { m: { M: { y: N(2) } }, l: { L: [N(1)] } },
      );
    });

    it('ADD to numbers and to sets of each type, creating absent attributes', async () => {
      assert.deepEqual(
        await update(
          { n: N('1.5'), ss: { SS: ['a'] }, ns: { NS: ['1'] }, bs: { BS: [new Uint8Array([1])] } },
          'ADD n :n, ss :ss, ns :ns, bs :bs, fresh :n, freshSet :ss',
          { ':n': N('-0.5'), ':ss': { SS: ['a', 'b'] }, ':ns': { NS: ['2'] }, ':bs': { BS: [new Uint8Array([2])] } },
        ),
        {
          n: N(1),
          ss: { SS: ['a', 'b'] },
          ns: { NS: ['1', '2'] },
          bs: { BS: [new Uint8Array([1]), new Uint8Array([2])] },
          fresh: N('-0.5'),
          freshSet: { SS: ['a', 'b'] },
        },
      );
    });

    it('DELETE from sets of each type', async () => {
      assert.deepEqual(
        await update(
          { ss: { SS: ['a', 'b'] }, ns: { NS: ['1', '2'] }, bs: { BS: [new Uint8Array([1]), new Uint8Array([2])] } },
          'DELETE ss :ss, ns :ns, bs :bs, absent :ss',
          { ':ss': { SS: ['a'] }, ':ns': { NS: ['2', '3'] }, ':bs': { BS: [new Uint8Array([1])] } },
        ),
        { ss: { SS: ['b'] }, ns: { NS: ['1'] }, bs: { BS: [new Uint8Array([2])] } },
      );
    });

    it('clauses may come in any order', async () => {
      assert.deepEqual(await update({ a: N(1), b: N(2) }, 'REMOVE b SET c = :v ADD a :v', { ':v': N(1) }), { a: N(2), c: N(1) });
    });
  });

  describe('errors', () => {
    const send = (input: Partial<ConstructorParameters<typeof UpdateItemCommand>[0]>) =>
      eddy.ddb.send(new UpdateItemCommand({ TableName: tables.users, Key: probeKey, ...input }));

    it('a syntax error names the token and what precedes it', async () => {
      await validation(send({ ConditionExpression: 'n = = :v', ExpressionAttributeValues: { ':v': N(1) } }), 'Invalid ConditionExpression: Syntax error; token: "=", near: "= = :v"');
    });

    it('a reserved word must be replaced by a name placeholder', async () => {
      await validation(
        send({ ConditionExpression: 'status = :v', ExpressionAttributeValues: { ':v': S('x') } }),
        'Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status',
      );
    });

    it('an undefined value or name placeholder is refused', async () => {
      await validation(
        send({ ConditionExpression: 'n = :nope' }),
        'Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :nope',
      );
      await validation(
        send({ UpdateExpression: 'SET #nope = :v', ExpressionAttributeValues: { ':v': N(1) } }),
        'Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #nope',
      );
    });

    it('a comparison of a path with itself is refused', async () => {
      await validation(
        send({ ConditionExpression: 'n = n' }),
        'Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [n]',
      );
    });

    it('an unknown function is refused', async () => {
      await validation(send({ ConditionExpression: 'nope(n)' }), 'Invalid ConditionExpression: Invalid function name; function: nope');
    });

    it('overlapping update paths are refused', async () => {
      await validation(
        send({ UpdateExpression: 'SET m = :v REMOVE m.inr', ExpressionAttributeValues: { ':v': N(1) } }),
        'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m], path two: [m, inr]',
      );
    });

    it('arithmetic on a non-number is refused', async () => {
      await validation(
        send({ UpdateExpression: 'SET x = s + :v', ExpressionAttributeValues: { ':v': N(1) } }),
        'An operand in the update expression has an incorrect data type',
      );
    });

    it('an invalid expression attribute value is refused naming its key', async () => {
      await validation(
        send({ ConditionExpression: 'n = :v', ExpressionAttributeValues: { ':v': N('ten') } }),
        'ExpressionAttributeValues contains invalid value: The parameter cannot be converted to a numeric value: ten for key :v',
      );
    });

    it('the probe item was never changed by conditions', async () => {
      assert.deepEqual(await get(eddy.ddb, tables.users, probeKey), probe);
    });
  });
});
