import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { objectIdentifier, sequence, smallInteger, tlv, unsignedInteger, utf8String, x509Time } from './der.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('DER encodings (X.690)', () => {
  it('uses the short length form below 128 bytes and the long form from 128', () => {
    assert.equal(hex(tlv(0x04, new Uint8Array(3))), '0403000000');
    assert.equal(hex(tlv(0x04, new Uint8Array(127))).slice(0, 4), '047f');
    assert.equal(hex(tlv(0x04, new Uint8Array(128))).slice(0, 6), '048180');
    assert.equal(hex(tlv(0x04, new Uint8Array(300))).slice(0, 8), '0482012c');
    assert.equal(tlv(0x04, new Uint8Array(70_000)).length, 70_000 + 5);
  });

  it('writes minimal non-negative INTEGERs', () => {
    assert.equal(hex(smallInteger(0)), '020100');
    assert.equal(hex(smallInteger(2)), '020102');
    assert.equal(hex(smallInteger(128)), '02020080');
    assert.equal(hex(smallInteger(65_537)), '0203010001');
    assert.equal(hex(unsignedInteger(Uint8Array.from([0, 0, 0x7f]))), '02017f');
    assert.equal(hex(unsignedInteger(Uint8Array.from([0xff, 1]))), '020300ff01');
  });

  it('writes OBJECT IDENTIFIERs with base-128 arcs', () => {
    assert.equal(hex(objectIdentifier('2.5.4.3')), '0603550403');
    assert.equal(hex(objectIdentifier('1.2.840.113549.1.1.11')), '06092a864886f70d01010b');
  });

  it('writes UTCTime before 2050 and GeneralizedTime from 2050 (RFC 5280 §4.1.2.5)', () => {
    assert.equal(x509Time(Date.UTC(2026, 11, 6, 13, 43, 30, 999)).toString('latin1', 2), '261206134330Z');
    assert.equal(x509Time(Date.UTC(2026, 0, 1)).at(0), 0x17);
    const late = x509Time(Date.UTC(2050, 0, 2, 3, 4, 5));
    assert.equal(late.at(0), 0x18);
    assert.equal(late.toString('latin1', 2), '20500102030405Z');
  });

  it('nests SEQUENCEs of UTF8Strings', () => {
    assert.equal(hex(sequence(utf8String('é'))), '30040c02c3a9');
    assert.equal(hex(sequence()), '3000');
  });
});
