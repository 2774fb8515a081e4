import { RawJson } from './raw-json.js';

/** The values JSON mutations put into requests: each sits at or just past a limit, or breaks one rule. */

/** JSON nesting depths around every limit: DynamoDB's 32 levels, the edge's 1,000, and far past both. */
export const DEPTHS = [31, 32, 33, 499, 500, 501, 998, 999, 1000, 1001, 5000, 100_000];

/** Numbers as JSON text, including what JSON.stringify cannot write (1e400, -0, 41 digits). */
export const ODD_NUMBERS = [
  '1e308', '-0', '1e400', '-1e400', '1e-400', '123456789012345678901234567890123456789012', `0.${'0'.repeat(400)}1`,
  '9007199254740993', '-2147483649', '2147483648', '1E+2', '0', '-1', '1.5', '4.9e-324', `1${'0'.repeat(400)}`,
];

/** Strings where DynamoDB expects a number (N, NS) or where SQS and Lambda read one. */
export const ODD_NUMBER_STRINGS = [
  'NaN', 'Infinity', '-Infinity', '1e400', '1e126', '9.9999999999999999999999999999999999999E+125', '1E-130', '1e-131', '0x1F', ' 1', '1 ',
  '+1', '-', '', '.', '1.', '.5', '1e', '١٢', '1_000', '00001', '-0', '0e0', '1'.repeat(38), '1'.repeat(39), '9'.repeat(10_000),
  '1e1000000000', '1e-1000000000', '0e99999999999', '1E+2147483648', `-0.${'0'.repeat(39)}1`, '1e+', '--1', '1.2.3',
];

/** DynamoDB attribute values each wrong in one way: empty, duplicate or mixed sets, bad base64, two types, key limits. */
export const ATTRIBUTE_VALUES: unknown[] = [
  { S: '' }, { S: 'x'.repeat(1025) }, { S: 'x'.repeat(2049) }, { S: '\ud800' }, { N: '1' }, { N: 'NaN' }, { N: '1'.repeat(39) }, { B: '' }, { B: '!!!' }, { B: 'AA' },
  { SS: [] }, { SS: ['a', 'a'] }, { SS: [1] }, { NS: ['1', '1.0'] }, { NS: ['1e126'] }, { BS: ['AA==', 'AA=='] }, { L: {} }, { M: [] }, { M: { '': { S: 'x' } } },
  { NULL: false }, { NULL: 'true' }, { BOOL: 'true' }, { S: 'x', N: '1' }, {}, { X: 'y' }, { S: null }, { L: [{}] }, { M: { a: {} } }, { N: 1 }, { S: 1 },
  new RawJson('{"M":{"__proto__":{"S":"x"}}}'), new RawJson('{"M":{"constructor":{"S":"x"},"toString":{"N":"1"}}}'), { L: [{ S: 'a' }, { NULL: true }] },
];
export const ATTRIBUTE_TYPES = new Set(['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL']);

export const MEMBER_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'Unknown', 'S', 'M', 'N', 'TableName', ''];
export const HUGE_SIZES = [0, 1, 1024, 65_536, 262_145, 409_601, 1_048_577];
