import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ServiceError } from '../../shared/service-error.js';
import { parseStatement } from './statement-parser.js';
import { conditionOf } from './where-clause.js';
import { fullKeyOf, keyReadsOf } from './where-keys.js';
import { evaluateCondition } from '../expressions/index.js';
import type { AttributeMap } from '../values/attribute-value.js';

const malformed = (text: string, detail: RegExp | string) =>
  assert.throws(
    () => parseStatement(text, []),
    (e: ServiceError) => {
      assert.equal(e.code, 'ValidationException');
      if (typeof detail === 'string') assert.equal(e.message, detail);
      else assert.match(e.message, detail);
      return true;
    },
  );

/** Whether the WHERE clause of `SELECT * FROM t WHERE <where>` holds for `item`. */
const holds = (where: string, item: AttributeMap, parameters: AttributeMap[keyof AttributeMap][] = []) => {
  const statement = parseStatement(`SELECT * FROM t WHERE ${where}`, parameters);
  assert.equal(statement.kind, 'select');
  return evaluateCondition(conditionOf((statement as { where: NonNullable<unknown> }).where as never), item);
};

describe('PartiQL statements', () => {
  it('reads SELECT with a quoted table and index, a projection, WHERE and ORDER BY', () => {
    const s = parseStatement('select a, "b-c".d[2], e[\'k\'] FROM "Orders"."byDate" WHERE pk = \'x\' ORDER BY sk DESC', []);
    assert.deepEqual(s, {
      kind: 'select',
      target: { table: 'Orders', index: 'byDate' },
      projection: [['a'], ['b-c', 'd', 2], ['e', 'k']],
      where: { kind: 'compare', op: '=', left: { kind: 'path', path: ['pk'] }, right: { kind: 'value', value: { S: 'x' } } },
      orderBy: [{ path: ['sk'], descending: true }],
    });
  });

  it('reads ORDER BY items, ASC by default', () => {
    const s = parseStatement('SELECT * FROM T WHERE pk IN [1, 2] ORDER BY pk DESC, sk, a.b ASC', []);
    assert.equal(s.kind, 'select');
    assert.deepEqual(s.kind === 'select' && s.orderBy, [
      { path: ['pk'], descending: true },
      { path: ['sk'], descending: false },
      { path: ['a', 'b'], descending: false },
    ]);
  });

  it('reads INSERT values: strings with doubled quotes, numbers, sets, tuples, lists, booleans, nulls, parameters', () => {
    const s = parseStatement(
      "INSERT INTO Orders VALUE {'pk': 'it''s', 'n': -1.50, 'tags': <<'a','b'>>, 'ns': <<1, 2>>, 'm': {'k': [1, 'x', true, null]}, 'p': ?}",
      [{ B: 'AQ==' }],
    );
    assert.deepEqual(s, {
      kind: 'insert',
      target: { table: 'Orders' },
      item: {
        pk: { S: "it's" },
        n: { N: '-1.5' },
        tags: { SS: ['a', 'b'] },
        ns: { NS: ['1', '2'] },
        m: { M: { k: { L: [{ N: '1' }, { S: 'x' }, { BOOL: true }, { NULL: true }] } } },
        p: { B: 'AQ==' },
      },
    });
  });

  it('reads UPDATE with several SET and REMOVE clauses and RETURNING', () => {
    const s = parseStatement("UPDATE T SET a = a + 1, b.c = 'x' REMOVE d[0] SET s = set_add(s, <<'z'>>) WHERE pk = ? RETURNING MODIFIED NEW *", [{ S: 'k' }]);
    assert.equal(s.kind, 'update');
    if (s.kind !== 'update') return;
    assert.deepEqual(s.clauses.map((c) => [c.kind, c.path]), [['set', ['a']], ['set', ['b', 'c']], ['remove', ['d', 0]], ['set', ['s']]]);
    assert.deepEqual(s.returning, { which: 'MODIFIED', image: 'NEW' });
  });

  it('reads the FROM-first UPDATE as the UPDATE it spells', () => {
    const s = parseStatement("from T where pk = ? and a = 1 SET c = 2 REMOVE d RETURNING ALL NEW *", [{ S: 'k' }]);
    const u = parseStatement("UPDATE T SET c = 2 REMOVE d WHERE pk = ? and a = 1 RETURNING ALL NEW *", [{ S: 'k' }]);
    assert.deepEqual(s, u);
    assert.equal(parseStatement('FROM T SET c = 1', []).kind, 'update');
    malformed("FROM T SET c = 1 WHERE pk = 'x'", "Statement wasn't well formed, can't be processed: Unexpected token after expression");
  });

  it('reads DELETE and EXISTS', () => {
    assert.equal(parseStatement("DELETE FROM T WHERE pk = 'a' RETURNING ALL OLD *", []).kind, 'delete');
    const exists = parseStatement("EXISTS(SELECT * FROM T WHERE pk = 'a' AND n > 1)", []);
    assert.equal(exists.kind, 'exists');
  });

  it('refuses malformed statements with DynamoDB\'s prefix', () => {
    malformed('UPSERT INTO T VALUE {}', "Statement wasn't well formed, can't be processed: Expected data manipulation");
    for (const text of ["SELECT * FROM T WHERE a = 'x", 'SELECT * FROM "T', 'SELECT * FROM T WHERE a = 1 # note', 'SELECT * FROM T WHERE a = 1 /* note']) {
      malformed(text, "Statement wasn't well formed, can't be processed: ");
    }
    assert.equal(parseStatement('/* a */ SELECT * FROM T /* b */ WHERE a = 1 /* c */', []).kind, 'select');
    const detail = (d: string) => `Statement wasn't well formed, can't be processed: ${d}`;
    for (const text of ['SELECT * FROM T WHERE', 'SELECT * FROM T WHERE;', 'SELECT a FROM T WHERE  ', 'UPDATE T SET a = 1 WHERE', 'DELETE FROM T WHERE',
      'SELECT * FROM T WHERE NOT', 'SELECT * FROM T WHERE (', 'SELECT * FROM']) {
      malformed(text, detail('Unexpected term'));
    }
    for (const text of ["SELECT * FROM T WHERE pk = 'p' AND", "SELECT * FROM T WHERE pk = 'p' OR;", 'SELECT * FROM T WHERE pk =', 'UPDATE T SET a = a +']) {
      malformed(text, detail('Missing right-hand side expression of infix operator'));
    }
    malformed('SELECT * FROM T WHERE ORDER BY pk', detail('Unexpected keyword'));
    assert.equal(parseStatement('SELECT * FROM T WHERE a = 1;', []).kind, 'select');
    malformed('SELECT * FROM T WHERE IS NULL', detail('Unexpected operator'));
    malformed('SELECT * FROM T WHERE pk = LIKE', detail('Unexpected operator'));
    malformed("SELECT * FROM T WHERE pk = 'a' AND x IS FOO", detail('Expected type name'));
    for (const text of ['DELETE FROM', 'DELETE FROM   ', 'DELETE FROM;', "DELETE FROM WHERE pk = 'a'"]) {
      malformed(text, detail('Expected identifier for simple path'));
    }
    malformed('SELECT * T', /^Statement wasn't well formed, can't be processed: Expected FROM/);
    malformed("INSERT INTO T VALUE {'pk': 'a'} RETURNING ALL OLD *", 'RETURNING is not supported in INSERT');
  });

  it('answers a token left over after a complete statement as DynamoDB does, with no detail', () => {
    const leftover = "Statement wasn't well formed, can't be processed: Unexpected token after expression";
    for (const text of [
      'SELECT * FROM T WHERE pk = 1 foo',
      'SELECT * FROM T WHERE pk = 1 e5',
      'SELECT * FROM T WHERE pk = 1)',
      "INSERT INTO T VALUE {'pk': 1} foo",
      'UPDATE T SET a = 9 WHERE pk = 2 foo',
      'DELETE FROM T WHERE pk = 3 foo',
      'DELETE FROM T WHERE pk = 3 ORDER BY pk',
      'SELECT * FROM T ORDER BY pk WHERE pk = 1',
      "INSERT INTO T t VALUE {'pk': 'x'}",
    ]) {
      malformed(text, leftover);
    }
    malformed("INSERT INTO T {'pk': 'x'}", 'Unsupported insert value: the VALUE of an INSERT must be a tuple {…}');
  });

  it('refuses aliases once the whole statement has been read', () => {
    for (const text of [
      "SELECT * FROM T t WHERE pk = 'x'",
      "SELECT * FROM T AS t WHERE pk = 'x'",
      'SELECT * FROM "T"."I" "t"',
      "UPDATE T t SET a = 3 WHERE pk = 'x'",
      "DELETE FROM T t WHERE pk = 'x'",
      'SELECT a AS b FROM T',
      'SELECT a, b.c d FROM T',
      "EXISTS(SELECT * FROM T AS t WHERE pk = 'x' AND a = 1)",
    ]) {
      malformed(text, 'Aliasing is not supported');
    }
    // A syntax error after the alias is reported first.
    malformed('SELECT * FROM T t WHERE pk = 1 foo', "Statement wasn't well formed, can't be processed: Unexpected token after expression");
  });

  it('counts parameters against the statement', () => {
    const mismatch = "Number of parameters in request and statement don't match.";
    malformed('SELECT * FROM T WHERE a = ? AND b = ?', mismatch);
    assert.throws(() => parseStatement('SELECT * FROM T', [{ S: 'x' }]), { message: mismatch });
  });

  it('evaluates WHERE clauses with DynamoDB\'s functions and operators', () => {
    const item: AttributeMap = { pk: { S: 'p' }, n: { N: '5' }, tags: { SS: ['a', 'b'] }, m: { M: { l: { L: [{ S: 'x' }] } } } };
    assert.equal(holds('n BETWEEN 1 AND 5', item), true);
    assert.equal(holds('n NOT BETWEEN 1 AND 5', item), false);
    assert.equal(holds('n IN [1, 5]', item), true);
    assert.equal(holds('n IN (?, 6)', item, [{ N: '5.0' }]), true);
    assert.equal(holds("begins_with(pk, 'p') AND contains(tags, 'b')", item), true);
    assert.equal(holds('m.l[0] = \'x\' AND size(tags) = 2', item), true);
    assert.equal(holds('nope IS MISSING AND n IS NOT MISSING', item), true);
    assert.equal(holds("attribute_type(m, 'M') OR n <> 5", item), true);
    assert.equal(holds('NOT (n >= 6) AND n != 4', item), true);
    assert.equal(holds('attribute_exists(n) AND attribute_not_exists(nope)', item), true);
    assert.throws(() => holds('attribute_exist(n)', item), { message: 'Unrecognized function: attribute_exist at 1:23:15' });
  });

  it('tests IS [NOT] <type> against every DynamoDB type; an absent attribute is of none', () => {
    const item: AttributeMap = {
      s: { S: 'x' }, n: { N: '1' }, b: { B: 'AQ==' }, t: { BOOL: false }, z: { NULL: true }, l: { L: [] }, m: { M: {} },
      ss: { SS: ['a'] }, ns: { NS: ['1'] }, bs: { BS: ['AQ=='] },
    };
    const matching = (type: string) => Object.keys(item).filter((name) => holds(`${name} IS ${type}`, item));
    assert.deepEqual(matching('STRING'), ['s']);
    assert.deepEqual(matching('string'), ['s']);
    assert.deepEqual(matching('DECIMAL'), ['n']);
    assert.deepEqual(matching('NUMERIC'), ['n']);
    assert.deepEqual(matching('BLOB'), ['b']);
    assert.deepEqual(matching('BOOL'), ['t']);
    assert.deepEqual(matching('BOOLEAN'), ['t']);
    assert.deepEqual(matching('NULL'), ['z']);
    assert.deepEqual(matching('LIST'), ['l']);
    assert.deepEqual(matching('TUPLE'), ['m']);
    assert.deepEqual(matching('STRUCT'), ['m']);
    assert.deepEqual(matching('BAG'), ['ss', 'ns', 'bs']);
    assert.equal(holds('nope IS STRING', item), false);
    assert.equal(holds('nope IS NOT STRING', item), true);
    assert.equal(holds('s IS NOT STRING OR n IS NOT DECIMAL', item), false);
    assert.equal(holds('m.nope IS NOT LIST AND l IS LIST', item), true);
    assert.throws(() => holds('s IS VARCHAR', item), { message: "Statement wasn't well formed, can't be processed: Expected type name" });
  });

  it('bounds IN lists as DynamoDB does: 100 values, 50 on a partition key', () => {
    const list = (n: number) => `[${Array.from({ length: n }, (_, i) => i).join(', ')}]`;
    assert.equal(holds(`n IN ${list(100)}`, { n: { N: '99' } }), true);
    assert.throws(() => holds(`n IN ${list(101)}`, {}), { message: 'The IN operator takes at most 100 values' });
    const key = { partition: { name: 'pk', type: 'N' as const } };
    const where = (text: string) => (parseStatement(`SELECT * FROM T WHERE ${text}`, []) as unknown as { where: never }).where;
    assert.equal(keyReadsOf(key, where(`pk IN ${list(50)}`))!.length, 50);
    assert.throws(() => keyReadsOf(key, where(`pk IN ${list(51)}`)), { message: 'The IN operator takes at most 50 values on a partition key' });
    assert.equal(keyReadsOf(key, where(`other IN ${list(51)}`)), undefined);
  });

  it('checks condition functions\' operands as DynamoDB does, in its words', () => {
    const count = (fn: string, n: number) =>
      `Incorrect number of operands for operator or function; operator or function: ${fn}, number of operands: ${n}`;
    for (const [where, message] of [
      ['attribute_exists()', count('attribute_exists', 0)],
      ['attribute_exists(a, b)', count('attribute_exists', 2)],
      ['attribute_not_exists()', count('attribute_not_exists', 0)],
      ["begins_with(a, 'x', 'y')", count('begins_with', 3)],
      ['contains(a)', count('contains', 1)],
      ["attribute_type(a, 'S', 'N')", count('attribute_type', 3)],
      ['size(a, b) = 1', count('size', 2)],
      ['size() = 1', count('size', 0)],
      ["attribute_exists('a')", 'Operator or function requires a document path; operator or function: attribute_exists'],
      ['attribute_not_exists(1)', 'Operator or function requires a document path; operator or function: attribute_not_exists'],
      ["attribute_type('a', 'S')", 'Operator or function requires a document path; operator or function: attribute_type'],
      ["attribute_type(a, 'X')", 'Invalid attribute type name found; type: X, valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}'],
      ['attribute_type(a, 1)', 'Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N'],
    ] as const) {
      assert.throws(() => holds(where, {}), { code: 'ValidationException', message }, where);
    }
    assert.throws(() => holds('a < ?', {}, [{ BOOL: true }]), {
      message: 'Incorrect operand type for operator or function; operator or function: <, operand type: BOOL',
    });
    assert.throws(() => holds('NULL >= a', {}), { message: 'Incorrect operand type for operator or function; operator or function: >=, operand type: NULL' });
    assert.equal(holds('a = true AND b <> NULL', { a: { BOOL: true }, b: { S: 'x' } }), true);
    malformed('SELECT attribute_exists(ss) FROM T', 'Unexpected path component at 1:8:16');
    malformed('SELECT a,\n  size(b) FROM T', 'Unexpected path component at 2:3:4');
    assert.throws(() => holds('attribute_exists(?)', {}, [{ S: 'a' }]), {
      message: 'Operator or function requires a document path; operator or function: attribute_exists',
    });
  });

  it('takes a condition function compared with true or false as the condition or its negation', () => {
    const item: AttributeMap = { a: { S: 'abc' } };
    assert.equal(holds('attribute_exists(a) = true', item), true);
    assert.equal(holds('attribute_exists(a) = false', item), false);
    assert.equal(holds("false = begins_with(a, 'x')", item), true);
    assert.equal(holds("contains(a, 'b') <> true", item), false);
    assert.throws(() => holds('attribute_exists(a) = 1', item), { message: 'Unsupported operand in a condition: attribute_exists' });
  });

  it('refuses number literals as DynamoDB does: unconvertible ones bare, out-of-range ones with where they sit', () => {
    const over = 'Number overflow. Attempting to store a number with magnitude larger than supported range';
    const under = 'Number underflow. Attempting to store a number with magnitude smaller than supported range';
    for (const literal of ['1e2147483648', '1e99999999999', '1.5e-2147483647', '-1e-2147483649']) {
      malformed(`SELECT * FROM T WHERE pk = ${literal}`, "Statement wasn't well formed, can't be processed: ");
    }
    malformed('SELECT * FROM T WHERE pk = 1e126', `${over} under root`);
    malformed('SELECT * FROM T WHERE pk = -1e-131', `${under} under root`);
    malformed('SELECT * FROM T WHERE pk = 123456789012345678901234567890123456789', 'Attempting to store more than 38 significant digits in a Number under root');
    malformed("INSERT INTO T VALUE {'pk': 1e126}", `${over} under root`);
    malformed("INSERT INTO T VALUE {'pk': 1, 'm': {'x': 1e126}}", `${over} under root.x`);
    malformed("INSERT INTO T VALUE {'pk': 1, 'l': [1, 1e126]}", `${over} under root[1]`);
    malformed("UPDATE T SET a = {'b': [1e-131]} WHERE pk = 1", `${under} under root.b[0]`);
    assert.deepEqual(parseStatement("INSERT INTO T VALUE {'n': 1.50e2, 'm': -.5}", []), { kind: 'insert', target: { table: 'T' }, item: { n: { N: '150' }, m: { N: '-0.5' } } });
  });

  it('refuses empty and mixed bags in DynamoDB\'s words', () => {
    malformed("INSERT INTO T VALUE {'pk': 'x', 's': <<>>}", 'Empty bags are not supported');
    malformed("INSERT INTO T VALUE {'pk': 'x', 's': <<1, 'a'>>}", 'Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags');
    malformed("INSERT INTO T VALUE {'pk': 'x', 's': <<'a', 'a'>>}", 'One or more parameter values were invalid: Input collection [a, a] contains duplicates.');
  });

  it('places an unknown function where DynamoDB does, line:column:length', () => {
    assert.throws(() => holds('n = 1\n  AND  Exists(n)', {}), { message: 'Unrecognized function: exists at 2:8:6' });
    assert.throws(() => holds("set_add(s, <<'x'>>) = s", {}), { message: 'Unrecognized function: set_add at 1:23:7' });
  });

  it('finds the key equalities UPDATE and DELETE need, the rest becoming the condition', () => {
    const key = { partition: { name: 'pk', type: 'S' as const }, sort: { name: 'sk', type: 'N' as const } };
    const where = (text: string) => (parseStatement(`DELETE FROM T WHERE ${text}`, []) as unknown as { where: never }).where;
    const found = fullKeyOf(key, where("n = 1 AND sk = 2 AND 'a' = pk"));
    assert.deepEqual(found.key, { sk: { N: '2' }, pk: { S: 'a' } });
    assert.deepEqual(found.rest, { kind: 'compare', op: '=', left: { kind: 'path', path: ['n'] }, right: { kind: 'value', value: { N: '1' } } });
    assert.throws(() => fullKeyOf(key, where("pk = 'a' AND sk > 2")), { message: 'Where clause does not contain a mandatory equality on all key attributes' });
    assert.throws(() => fullKeyOf(key, where("pk = 'a' OR sk = 2")), { message: 'Where clause does not contain a mandatory equality on all key attributes' });
    const pk = (v: string) => ({ name: 'pk', op: 'EQ', values: [{ S: v }] });
    assert.deepEqual(keyReadsOf(key, where("pk = 'a' AND sk BETWEEN 1 AND 3")), [
      [pk('a'), { name: 'sk', op: 'BETWEEN', values: [{ N: '1' }, { N: '3' }] }],
    ]);
    assert.deepEqual(keyReadsOf(key, where("pk = 'a' AND 3 > sk")), [[pk('a'), { name: 'sk', op: 'LT', values: [{ N: '3' }] }]]);
    assert.deepEqual(keyReadsOf(key, where("pk IN ['a', 'b'] AND sk = 1")), [
      [pk('a'), { name: 'sk', op: 'EQ', values: [{ N: '1' }] }],
      [pk('b'), { name: 'sk', op: 'EQ', values: [{ N: '1' }] }],
    ]);
    assert.deepEqual(keyReadsOf(key, where("(pk = 'a' OR pk = 'b') OR pk = 'c'")), [[pk('a')], [pk('b')], [pk('c')]]);
    // Anything else (another attribute in the OR, a value of another type) is a Scan.
    assert.equal(keyReadsOf(key, where("pk = 'a' OR n = 1")), undefined);
    assert.equal(keyReadsOf(key, where("pk IN ['a', 1]")), undefined);
    assert.equal(keyReadsOf(key, where('pk = 1')), undefined);
    const overlap = 'Overlapping conditions with range keys are not supported in where clause';
    assert.throws(() => keyReadsOf(key, where("pk = 'a' AND x = '1' OR pk = 'a' AND sk = 2")), { message: overlap });
    assert.throws(() => keyReadsOf(key, where("pk = 'a' AND sk = 2 OR pk = 'a' AND x <> '1'")), { message: overlap });
    for (const negated of ['NOT sk = 1', 'sk <> 1', "NOT begins_with(sk, 'x')", 'NOT sk IN [1, 3]', 'NOT (sk > 5)']) {
      assert.deepEqual(keyReadsOf(key, where(`pk = 'a' AND ${negated} OR pk = 'a' AND sk = 2`)), [[pk('a')], [pk('a')]], negated);
    }
    assert.deepEqual(keyReadsOf(key, where("pk = 'a' AND sk = 1 OR pk = 'b'")), [[pk('a')], [pk('b')]]);
    const multi = { ...key, partitionAttributes: [key.partition, { name: 'region', type: 'S' as const }] };
    assert.equal(keyReadsOf(multi, where("pk = 'a' AND region = 'eu'")), undefined);
  });

  it('answers any text up to 8192 characters with a statement or a ValidationException, never another error', () => {
    const worst = [
      '('.repeat(8000),
      `SELECT * FROM t WHERE ${'NOT '.repeat(2000)}a = 1`,
      `SELECT * FROM t WHERE ${'('.repeat(4000)}a = 1${')'.repeat(4000)}`,
      `INSERT INTO t VALUE {'a': ${'['.repeat(4000)}${']'.repeat(4000)}}`,
      `SELECT * FROM t WHERE ${'size('.repeat(1500)}a${')'.repeat(1500)} = 1`,
      `UPDATE t SET a = ${'1 + '.repeat(2000)}1 WHERE pk = 'x'`,
      `SELECT * FROM t WHERE ${'a = 1 AND '.repeat(800)}b = 2`,
    ];
    const accepts = (text: string) => {
      try {
        const statement = parseStatement(text, []);
        if (statement.kind === 'select' && statement.where) conditionOf(statement.where);
      } catch (error) {
        assert.ok(error instanceof ServiceError, `${String(error)} for ${text.slice(0, 80)}`);
        assert.equal(error.code, 'ValidationException');
      }
    };
    for (const text of worst) accepts(text);
    const pieces = ['SELECT', 'INSERT', 'INTO', 'UPDATE', 'DELETE', 'FROM', 'WHERE', 'SET', 'REMOVE', 'VALUE', 'AND', 'OR', 'NOT', 'IN',
      'BETWEEN', 'IS', 'MISSING', 'EXISTS', '"T"', 't', 'a', '.', '[', ']', '{', '}', '<<', '>>', '(', ')', ',', ':', '=', '<>', '<',
      '+', '-', '*', '?', "'s'", '1', '2.5e3', 'size', 'begins_with', 'RETURNING', 'ALL', 'OLD', ';', 'AS', 'ORDER', 'BY'];
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (words) => accepts(words.join(' '))), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ maxLength: 200 }), accepts), { numRuns: 1000 });
  });
});
