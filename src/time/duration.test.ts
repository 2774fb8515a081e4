import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatOffset, parseDuration, parseInstant } from './duration.js';

describe('durations and instants of eddy time', () => {
  it('reads number–unit pairs', () => {
    assert.equal(parseDuration('90s'), 90_000);
    assert.equal(parseDuration('15m'), 900_000);
    assert.equal(parseDuration('2h'), 7_200_000);
    assert.equal(parseDuration('1d'), 86_400_000);
    assert.equal(parseDuration('1w'), 604_800_000);
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('1.5h'), 5_400_000);
    assert.equal(parseDuration('250ms'), 250);
    assert.equal(parseDuration(' 2h '), 7_200_000);
  });

  it('refuses anything else with a ValidationException', () => {
    for (const text of ['', '2', 'h', '2 h', '-2h', '2x', '2h-', 'tomorrow', '1h 30m']) {
      assert.throws(() => parseDuration(text), (error: Error & { code?: string }) => error.code === 'ValidationException' && error.message.startsWith('Not a duration'), text);
    }
  });

  it('prints offsets', () => {
    assert.equal(formatOffset(0), '+0s');
    assert.equal(formatOffset(93_600_000), '+1d 2h');
    assert.equal(formatOffset(90_500), '+1m 30s 500ms');
    assert.equal(formatOffset(-3_600_000), '-1h');
  });

  it('reads ISO 8601 instants with a zone only', () => {
    assert.equal(parseInstant('2027-01-01T00:00:00Z'), Date.UTC(2027, 0, 1));
    assert.equal(parseInstant('2027-01-01T01:00:00+01:00'), Date.UTC(2027, 0, 1));
    assert.equal(parseInstant('2027-01-01'), Date.UTC(2027, 0, 1));
    for (const text of ['2027-01-01T00:00:00', 'next year', '2027-13-01T00:00:00Z', '1767225600000']) {
      assert.throws(() => parseInstant(text), /Not an ISO 8601 instant/, text);
    }
  });
});
