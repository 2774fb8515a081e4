import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeKeyValue, encodeKeyValue, murmur3, partitionHash } from './key-encoding.js';
import { compareDecimals, formatNumber, parseNumber } from '../shared/decimal.js';

const sign = (n: number | bigint): number => (n > 0 ? 1 : n < 0 ? -1 : 0);
const byteCompare = (a: Uint8Array, b: Uint8Array): number => sign(Buffer.compare(a, b));
const encN = (text: string) => encodeKeyValue({ N: text });
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const compareNumbers = (a: string, b: string): number => compareDecimals(parseNumber(a), parseNumber(b));
const normalizeNumber = (text: string): string => formatNumber(parseNumber(text));

/** Independent reference: a number text as mantissa × 10^power, compared exactly with BigInt. */
function exact(text: string): { mantissa: bigint; power: number } {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match) throw new Error(`bad test number ${text}`);
  const [, s, int = '', frac = '', exp = '0'] = match;
  const mantissa = BigInt((int + frac) || '0') * (s === '-' ? -1n : 1n);
  return { mantissa, power: Number(exp) - frac.length };
}

function referenceCompare(a: string, b: string): number {
  const x = exact(a);
  const y = exact(b);
  const low = Math.min(x.power, y.power);
  return sign(x.mantissa * 10n ** BigInt(x.power - low) - y.mantissa * 10n ** BigInt(y.power - low));
}

/** A DynamoDB number: significant digits (no leading zero, maybe trailing zeros) and first-digit exponent. */
interface NumberSpec {
  negative: boolean;
  digits: string;
  exponent: number;
}

const digitsArb = fc.stringMatching(/^[1-9][0-9]{0,37}$/);
const exponentArb = fc.oneof(
  fc.integer({ min: -130, max: 125 }),
  fc.constantFrom(-130, -129, -1, 0, 1, 124, 125),
);
const specArb: fc.Arbitrary<NumberSpec> = fc.record({ negative: fc.boolean(), digits: digitsArb, exponent: exponentArb });

/** Renders a spec in one of several equivalent wire spellings. */
function render(n: NumberSpec, style: number): string {
  const s = n.negative ? '-' : style % 4 === 1 ? '+' : '';
  const { digits, exponent } = n;
  switch (style % 4) {
    case 0: // scientific: d.ddd E exp
      return `${s}${digits[0]}${digits.length > 1 ? '.' + digits.slice(1) : ''}${style & 4 ? 'E' : 'e'}${exponent}`;
    case 1: // integer mantissa scaled
      return `${s}${digits}e${exponent - digits.length + 1}`;
    case 2: // leading and trailing zeros, shifted exponent
      return `${s}000.000${digits}00E${exponent + 4}`;
    default: {
      // plain notation
      if (exponent >= digits.length - 1) return s + digits + '0'.repeat(exponent - digits.length + 1);
      if (exponent >= 0) return `${s}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
      return `${s}0.${'0'.repeat(-exponent - 1)}${digits}`;
    }
  }
}

const numberTextArb = fc.oneof(
  { weight: 20, arbitrary: fc.tuple(specArb, fc.nat(7)).map(([n, style]) => render(n, style)) },
  { weight: 1, arbitrary: fc.constantFrom('0', '-0', '0.000', '+0e99', '-0.0E-5', '.0') },
);

/** Pairs that often share an exponent, a digit prefix or a magnitude, where encodings are most fragile. */
const numberPairArb = fc.oneof(
  fc.tuple(numberTextArb, numberTextArb),
  fc
    .tuple(specArb, digitsArb, fc.boolean(), fc.nat(7), fc.nat(7))
    .map(([a, d, neg, sa, sb]) => [render(a, sa), render({ ...a, digits: d, negative: neg ? a.negative : !a.negative }, sb)]),
  fc
    .tuple(specArb, fc.stringMatching(/^[0-9]{1,10}$/), fc.nat(7), fc.nat(7))
    .filter(([a, extra]) => a.digits.length + extra.length <= 38)
    .map(([a, extra, sa, sb]) => [render(a, sa), render({ ...a, digits: a.digits + extra }, sb)]),
  fc.tuple(specArb, fc.nat(7), fc.nat(7)).map(([a, sa, sb]) => [render(a, sa), render(a, sb)]),
  fc
    .tuple(specArb, fc.nat(7), fc.nat(7))
    .map(([a, sa, sb]) => [render(a, sa), render({ ...a, negative: !a.negative }, sb)]),
) as fc.Arbitrary<[string, string]>;

const runs = { numRuns: 5000 };

describe('encodeKeyValue N', () => {
  it('byte order equals numeric order (compareNumbers and an independent BigInt reference)', () => {
    fc.assert(
      fc.property(numberPairArb, ([a, b]) => {
        const bytes = byteCompare(encN(a), encN(b));
        assert.equal(bytes, referenceCompare(a, b), `${a} vs ${b}`);
        assert.equal(bytes, sign(compareNumbers(a, b)), `${a} vs ${b}`); // sign(): compareNumbers may return -0
      }),
      runs,
    );
  });

  it('decode(encode(x)) is the canonical text with the same value', () => {
    fc.assert(
      fc.property(numberTextArb, (text) => {
        const encoded = encN(text);
        assert.ok(encoded.length <= 22);
        const decoded = decodeKeyValue(encoded, 'N');
        assert.ok('N' in decoded);
        assert.equal(decoded.N, normalizeNumber(text));
        assert.match(decoded.N, /^(0|-?(0|[1-9]\d*)(\.\d*[1-9])?)$/);
        assert.notEqual(decoded.N, '-0');
        assert.equal(referenceCompare(decoded.N, text), 0);
        assert.equal(hex(encN(decoded.N)), hex(encoded));
      }),
      runs,
    );
  });

  // Strictly ascending; each inner group holds equal values.
  const ascending: string[][] = [
    ['-9.9999999999999999999999999999999999999E+125'],
    ['-1E+125', '-10e124'],
    ['-12345678901234567890123456789012345678'],
    ['-1e10', '-10000000000'],
    ['-100'],
    ['-10.5'],
    ['-10', '-10.000', '-1e1'],
    ['-9'],
    ['-1.5', '-15e-1'],
    ['-1.05'],
    ['-1.000000000000000000000000000000000001'],
    ['-1', '-1.0', '-0.1e1'],
    ['-0.99'],
    ['-0.1'],
    ['-1e-129'],
    ['-1.5E-130'],
    ['-1E-130'],
    ['0', '-0', '0.0', '0e5', '+0'],
    ['1E-130', '0.1e-129'],
    ['1.5e-130'],
    ['1e-129'],
    ['0.1'],
    ['0.99'],
    ['1', '1.0', '10e-1', '0.1e1', '+1'],
    ['1.000000000000000000000000000000000001'],
    ['1.05'],
    ['1.5'],
    ['9'],
    ['10', '1e1'],
    ['10.5'],
    ['100'],
    ['1e10'],
    ['12345678901234567890123456789012345678'],
    ['1E+125'],
    ['9.9999999999999999999999999999999999999E+125'],
  ];

  it('orders hand-picked edge cases', () => {
    const flat = ascending.flatMap((group, rank) => group.map((text) => ({ text, rank })));
    for (const a of flat) {
      for (const b of flat) {
        assert.equal(byteCompare(encN(a.text), encN(b.text)), sign(a.rank - b.rank), `${a.text} vs ${b.text}`);
      }
    }
  });

  it('has a fixed byte format', () => {
    const cases: [string, string][] = [
      ['0', '02'],
      ['-0', '02'],
      ['1', '03820a'],
      ['1.5', '03820f'],
      ['10', '03830a'],
      ['123', '03840c1e'],
      ['1E-130', '03000a'],
      ['1E+125', '03ff0a'],
      ['-1', '017d5aff'],
      ['-1.5', '017d55ff'],
      ['-123', '017b5846ff'],
      ['-1E-130', '01ff5aff'],
      ['-1E+125', '01005aff'],
    ];
    for (const [text, expected] of cases) assert.equal(hex(encN(text)), expected, text);
  });

  it('decodes edge cases to canonical text', () => {
    const cases: [string, string][] = [
      ['1.50', '1.5'],
      ['1e3', '1000'],
      ['-0', '0'],
      ['-0.0010', '-0.001'],
      ['1E-130', `0.${'0'.repeat(129)}1`],
      ['9.9999999999999999999999999999999999999E+125', '99999999999999999999999999999999999999' + '0'.repeat(88)],
      ['-12345678901234567890123456789012345678e-100', `-0.${'0'.repeat(62)}12345678901234567890123456789012345678`],
    ];
    for (const [text, canonical] of cases) assert.deepEqual(decodeKeyValue(encN(text), 'N'), { N: canonical });
  });

  it('rejects corrupt number encodings', () => {
    for (const bad of ['', '04', '0382', '017d5a', '03820a00', '0382ff', '0200']) {
      assert.throws(() => decodeKeyValue(Buffer.from(bad, 'hex'), 'N'), /corrupt number key encoding/, bad);
    }
  });

  it('propagates DynamoDB validation errors for invalid numbers', () => {
    assert.throws(() => encN('1e126'), { message: 'Number overflow. Attempting to store a number with magnitude larger than supported range' });
    assert.throws(() => encN('abc'), { message: 'The parameter cannot be converted to a numeric value: abc' });
  });
});

function codePointCompare(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return sign(x[i]! - y[i]!);
  return sign(x.length - y.length);
}

function arrayCompare(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return sign(a[i]! - b[i]!);
  return sign(a.length - b.length);
}

describe('encodeKeyValue S and B', () => {
  const stringArb = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('a', 'b', '\u00ff', '\u{10000}', '\uffff') }));

  it('orders strings by UTF-8 bytes (= code point order) and round-trips them', () => {
    fc.assert(
      fc.property(stringArb, stringArb, (a, b) => {
        assert.equal(byteCompare(encodeKeyValue({ S: a }), encodeKeyValue({ S: b })), codePointCompare(a, b));
        assert.deepEqual(decodeKeyValue(encodeKeyValue({ S: a }), 'S'), { S: a });
      }),
      runs,
    );
  });

  it('orders strings by bytes, not UTF-16 units', () => {
    // U+FFFF is one UTF-16 unit above the surrogates of U+10000 but sorts before it in UTF-8.
    assert.equal(byteCompare(encodeKeyValue({ S: '\uffff' }), encodeKeyValue({ S: '\u{10000}' })), -1);
    assert.equal(byteCompare(encodeKeyValue({ S: 'a' }), encodeKeyValue({ S: 'ab' })), -1);
    assert.equal(byteCompare(encodeKeyValue({ S: 'B' }), encodeKeyValue({ S: 'a' })), -1);
    assert.equal(hex(encodeKeyValue({ S: 'é' })), 'c3a9');
  });

  const bytesArb = fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 6, min: 254, max: 255 }));

  it('orders binaries by bytes and round-trips their base64', () => {
    fc.assert(
      fc.property(bytesArb, bytesArb, (a, b) => {
        const ea = encodeKeyValue({ B: Buffer.from(a).toString('base64') });
        const eb = encodeKeyValue({ B: Buffer.from(b).toString('base64') });
        assert.equal(byteCompare(ea, eb), arrayCompare(a, b));
        assert.deepEqual(decodeKeyValue(ea, 'B'), { B: Buffer.from(a).toString('base64') });
      }),
      runs,
    );
  });

  it('decodes from a view into a larger buffer', () => {
    const big = Buffer.from('xxhelloyy');
    assert.deepEqual(decodeKeyValue(big.subarray(2, 7), 'S'), { S: 'hello' });
    assert.deepEqual(decodeKeyValue(new Uint8Array([9, 3, 0x82, 0x0f, 9]).subarray(1, 4), 'N'), { N: '1.5' });
  });
});

describe('partitionHash', () => {
  const text = (s: string) => Buffer.from(s, 'latin1');

  it('is MurmurHash3 x86_32 (published test vectors)', () => {
    const vectors: [string, number, number][] = [
      ['', 0, 0],
      ['', 1, 0x514e28b7],
      ['', 0xffffffff, 0x81f16f39],
      ['\0\0\0\0', 0, 0x2362f9de],
      ['a', 0x9747b28c, 0x7fa09ea6],
      ['ab', 0x9747b28c, 0x74875592],
      ['abc', 0x9747b28c, 0xc84a62dd],
      ['abcd', 0x9747b28c, 0xf0478627],
      ['aaaa', 0x9747b28c, 0x5a97808a],
      ['Hello, world!', 0x9747b28c, 0x24884cba],
      ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
    ];
    for (const [input, seed, expected] of vectors) assert.equal(murmur3(text(input), seed), expected, JSON.stringify(input));
  });

  it('never changes for stored keys (seed 0)', () => {
    assert.equal(partitionHash(text('test')), 0xba6bd213);
    assert.equal(partitionHash(encodeKeyValue({ S: 'user#1' })), murmur3(text('user#1'), 0));
    assert.equal(partitionHash(encodeKeyValue({ N: '1' })), murmur3(Buffer.from('03820a', 'hex'), 0));
  });

  it('is unsigned 32-bit and spreads sequential keys evenly over 16 segments', () => {
    const buckets = new Array<number>(16).fill(0);
    for (let i = 0; i < 64_000; i++) {
      const h = partitionHash(encodeKeyValue({ S: `item-${i}` }));
      assert.ok(Number.isInteger(h) && h >= 0 && h <= 0xffffffff);
      buckets[Math.floor(h / 2 ** 28)]!++;
    }
    for (const count of buckets) assert.ok(count > 3_700 && count < 4_300, `bucket ${count}`);
  });
});
