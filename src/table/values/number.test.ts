import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ServiceError } from '../../shared/service-error.js';
import {
  addNumbers,
  compareNumbers,
  formatNumber,
  normalizeNumber,
  parseNumber,
  subtractNumbers,
} from './number.js';

const OVERFLOW = 'Number overflow. Attempting to store a number with magnitude larger than supported range';
const UNDERFLOW = 'Number underflow. Attempting to store a number with magnitude smaller than supported range';
const TOO_PRECISE = 'Attempting to store more than 38 significant digits in a Number';
const NOT_NUMERIC = 'The parameter cannot be converted to a numeric value';

function rejects(fn: () => unknown, message: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ServiceError);
    assert.equal(error.code, 'ValidationException');
    assert.equal(error.message, message);
    return true;
  });
}

describe('normalizeNumber', () => {
  // Inputs and DynamoDB's stored forms, as read back from AWS (ScyllaDB Alternator's normalisation table).
  const cases: [string, string][] = [
    ['1', '1'],
    ['-5', '-5'],
    ['0', '0'],
    ['100', '100'],
    ['007', '7'],
    ['001.23', '1.23'],
    ['00', '0'],
    ['+3', '3'],
    ['+0', '0'],
    ['+1.5', '1.5'],
    ['1.0', '1'],
    ['1.10', '1.1'],
    ['100.000', '100'],
    ['0.0', '0'],
    ['0.10', '0.1'],
    ['1e3', '1000'],
    ['1E+3', '1000'],
    ['-3e2', '-300'],
    ['1.23e4', '12300'],
    ['1e-3', '0.001'],
    ['123e-2', '1.23'],
    ['1.23e-1', '0.123'],
    ['1.0e-1', '0.1'],
    ['-0', '0'],
    ['-0.0', '0'],
    ['0e5', '0'],
    ['0e-5', '0'],
    ['.5', '0.5'],
    ['-.5', '-0.5'],
    ['1.', '1'],
    ['1e20', '100000000000000000000'],
    ['1e125', '1' + '0'.repeat(125)],
    ['1e-20', '0.00000000000000000001'],
    ['-273.15', '-273.15'],
    ['-0015.789e6', '-15789000'],
    // 38 significant digits at both ends of the range, leading and trailing zeros ignored.
    ['0000012345678901234567890123456789012345678', '12345678901234567890123456789012345678'],
    ['-00001.23456789012345678901234567890123456780000', '-1.2345678901234567890123456789012345678'],
    ['0009.99999999999999999999999999999999999990000e125', '9'.repeat(38) + '0'.repeat(88)],
    ['-0009.99999999999999999999999999999999999990000e125', '-' + '9'.repeat(38) + '0'.repeat(88)],
    ['0001.000e-130', '0.' + '0'.repeat(129) + '1'],
    ['-0001.000e-130', '-0.' + '0'.repeat(129) + '1'],
  ];
  for (const [input, output] of cases) {
    it(`${input} → ${output}`, () => assert.equal(normalizeNumber(input), output));
  }
});

describe('parseNumber errors', () => {
  it('rejects text that is not a number, naming it', () => {
    for (const text of ['NaN', 'Infinity', '-Infinity', 'dog', ' 1', '1 ', '1e', 'e5', '.', '-', '1.2.3', '1+2', '0x10', '1_000', '+-1']) {
      rejects(() => parseNumber(text), `${NOT_NUMERIC}: ${text}`);
    }
  });

  it('rejects the empty string without a suffix', () => rejects(() => parseNumber(''), NOT_NUMERIC));

  it('rejects more than 38 significant digits', () => {
    rejects(() => parseNumber('123456789012345678901234567890123456789'), TOO_PRECISE);
    rejects(() => parseNumber('-1.23456789012345678901234567890123456789'), TOO_PRECISE);
    rejects(() => parseNumber('1.00000000000000000000000000000000000001'), TOO_PRECISE);
    // Precision is checked before range.
    rejects(() => parseNumber('1.23456789012345678901234567890123456789e200'), TOO_PRECISE);
  });

  it('accepts exactly 38 significant digits however many zeros surround them', () => {
    assert.equal(parseNumber('1' + '0'.repeat(36) + '1').digits.length, 38);
    assert.equal(parseNumber('0.000' + '7'.repeat(38) + '000').digits.length, 38);
  });

  it('rejects magnitudes of 1e126 and above', () => {
    rejects(() => parseNumber('1e126'), OVERFLOW);
    rejects(() => parseNumber('-1e126'), OVERFLOW);
    rejects(() => parseNumber('10e125'), OVERFLOW);
    rejects(() => parseNumber('1e999999999999999999999'), OVERFLOW);
    assert.equal(parseNumber('9.9999999999999999999999999999999999999e125').exponent, 125);
  });

  it('rejects magnitudes below 1e-130', () => {
    rejects(() => parseNumber('1e-131'), UNDERFLOW);
    rejects(() => parseNumber('-1e-131'), UNDERFLOW);
    rejects(() => parseNumber('0.1e-130'), UNDERFLOW);
    assert.equal(parseNumber('1e-130').exponent, -130);
  });

  it('accepts zero with any exponent', () => {
    assert.equal(normalizeNumber('0e999'), '0');
    assert.equal(normalizeNumber('0e-999'), '0');
  });
});

describe('compareNumbers', () => {
  it('orders by value, not by text', () => {
    assert.equal(compareNumbers('9', '10'), -1);
    assert.equal(compareNumbers('10', '9'), 1);
    assert.equal(compareNumbers('-10', '-9'), -1);
    assert.equal(compareNumbers('-0.5', '0'), -1);
    assert.equal(compareNumbers('0', '-0'), 0);
    assert.equal(compareNumbers('1e3', '1000.000'), 0);
    assert.equal(compareNumbers('0.001', '0.0009'), 1);
    assert.equal(compareNumbers('1e-130', '0'), 1);
    assert.equal(compareNumbers('-1e-130', '0'), -1);
    assert.equal(compareNumbers('1.5', '1.45'), 1);
    assert.equal(compareNumbers('-1.5', '-1.45'), -1);
  });

  it('distinguishes numbers that differ only in the 38th digit', () => {
    const a = '1234567890123456789012345678901234567.8';
    const b = '1234567890123456789012345678901234567.9';
    assert.equal(compareNumbers(a, b), -1);
    assert.equal(compareNumbers(b, a), 1);
  });

  it('agrees with exact rational comparison', () => {
    fc.assert(fc.property(arbitraryNumber, arbitraryNumber, (a, b) => {
      assert.equal(compareNumbers(a, b), compareExact(a, b));
    }));
  });
});

describe('addNumbers and subtractNumbers', () => {
  it('adds exactly, without binary floating point', () => {
    assert.equal(addNumbers('0.1', '0.2'), '0.3');
    assert.equal(addNumbers('9007199254740993', '1'), '9007199254740994');
    assert.equal(addNumbers('1', '10000000000000000000000'), '10000000000000000000001');
    assert.equal(subtractNumbers('10000000000000000000000', '1'), '9999999999999999999999');
    assert.equal(addNumbers('-1.5', '1.5'), '0');
    assert.equal(addNumbers('0', '-0'), '0');
    assert.equal(subtractNumbers('0', '5'), '-5');
    assert.equal(subtractNumbers('-2', '-2.25'), '0.25');
    assert.equal(addNumbers('1e125', '-1e125'), '0');
    assert.equal(addNumbers('9e125', '9e124'), '9' + '9' + '0'.repeat(124));
  });

  it('keeps 38 digits when the sum fits', () => {
    const big = '9'.repeat(37);
    assert.equal(addNumbers(big, '1'), '1' + '0'.repeat(37));
    assert.equal(addNumbers('1' + '0'.repeat(37), '-1'), big);
  });

  it('rejects sums beyond the range', () => {
    rejects(() => addNumbers('9e125', '9e125'), OVERFLOW);
    rejects(() => subtractNumbers('9e125', '-9e125'), OVERFLOW);
    rejects(() => addNumbers('9.9999999999999999999999999999999999999E+125', '1E+125'), OVERFLOW);
    rejects(() => subtractNumbers('1e-130', '9e-131'), UNDERFLOW);
  });

  it('reports a sum needing more than 38 digits as an overflow, as DynamoDB does', () => {
    rejects(() => addNumbers('1e50', '1'), OVERFLOW);
    rejects(() => subtractNumbers('1e50', '1'), OVERFLOW);
  });

  it('validates its operands', () => {
    rejects(() => addNumbers('a', '1'), `${NOT_NUMERIC}: a`);
    rejects(() => subtractNumbers('1', '1e126'), OVERFLOW);
  });

  it('agrees with exact rational arithmetic when the result is representable', () => {
    fc.assert(fc.property(arbitraryNumber, arbitraryNumber, (a, b) => {
      const sum = exact(a).add(exact(b));
      let result: string;
      try {
        result = addNumbers(a, b);
      } catch {
        return; // not representable: covered by the cases above
      }
      assert.equal(compareExact(result, sum.text()), 0);
    }));
  });
});

describe('formatNumber', () => {
  it('round-trips through parseNumber', () => {
    fc.assert(fc.property(arbitraryNumber, (text) => {
      const canonical = formatNumber(parseNumber(text));
      assert.equal(normalizeNumber(canonical), canonical);
      assert.equal(compareNumbers(canonical, text), 0);
    }));
  });
});

// --- exact reference arithmetic: value = mantissa × 10^scale as BigInt ---

const arbitraryNumber = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.integer({ min: -40, max: 40 }))
  .map(([negative, mantissa, exponent]) => `${negative ? '-' : ''}${mantissa}e${exponent}`);

function exact(text: string) {
  const d = parseNumber(text);
  const mantissa = d.digits === '' ? 0n : BigInt(d.digits) * (d.negative ? -1n : 1n);
  const scale = d.exponent - d.digits.length + 1;
  const value = { mantissa, scale };
  return {
    ...value,
    add(other: { mantissa: bigint; scale: number }) {
      const low = Math.min(scale, other.scale);
      const m = mantissa * 10n ** BigInt(scale - low) + other.mantissa * 10n ** BigInt(other.scale - low);
      return { text: () => `${m}e${low}` };
    },
  };
}

function compareExact(a: string, b: string): number {
  const x = exactParts(a);
  const y = exactParts(b);
  const low = Math.min(x.scale, y.scale);
  const l = x.mantissa * 10n ** BigInt(x.scale - low);
  const r = y.mantissa * 10n ** BigInt(y.scale - low);
  return l < r ? -1 : l > r ? 1 : 0;
}

function exactParts(text: string): { mantissa: bigint; scale: number } {
  const [m, e] = text.split('e') as [string, string | undefined];
  const [int, frac = ''] = m.split('.') as [string, string | undefined];
  return { mantissa: BigInt(int + frac), scale: Number(e ?? 0) - frac.length };
}
