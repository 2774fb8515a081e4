import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cidrBlocks } from './cidr.js';

const v4 = (text: string) => text.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);

describe('cidrBlocks (Fn::Cidr)', () => {
  it("the User Guide's examples", () => {
    assert.deepEqual(cidrBlocks('192.168.0.0/24', 6, 5), ['192.168.0.0/27', '192.168.0.32/27', '192.168.0.64/27', '192.168.0.96/27', '192.168.0.128/27', '192.168.0.160/27']);
    assert.deepEqual(cidrBlocks('10.0.0.0/16', 2, 8), ['10.0.0.0/24', '10.0.1.0/24']);
  });

  it('IPv6 blocks in RFC 5952 text', () => {
    assert.deepEqual(cidrBlocks('2001:db8::/56', 3, 64), ['2001:db8::/64', '2001:db8:0:1::/64', '2001:db8:0:2::/64']);
    assert.deepEqual(cidrBlocks('::/0', 1, 128), ['::/0']);
    assert.deepEqual(cidrBlocks('2001:0:0:1::/64', 1, 64), ['2001:0:0:1::/64']);
  });

  it('refuses what does not fit or cannot be read', () => {
    assert.equal(cidrBlocks('10.0.0.0/30', 8, 1), '10.0.0.0/30 has no room for 8 blocks of 1 host bits');
    assert.equal(cidrBlocks('10.0.0.0/24', 1, 9), 'cannot make blocks of 9 host bits inside 10.0.0.0/24');
    assert.equal(cidrBlocks('10.0.0/24', 1, 4), 'cannot read the IP block 10.0.0/24');
    assert.equal(cidrBlocks('10.0.0.0/24', 0, 4), 'count must be between 1 and 256, not 0');
  });

  it('IPv4: blocks are consecutive, aligned, inside the block, of the asked size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 8, max: 30 }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 256 }), (address, prefix, bits, count) => {
        fc.pre(bits <= 32 - prefix && count <= 2 ** (32 - prefix - bits));
        const text = [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
        const blocks = cidrBlocks(`${text}/${prefix}`, count, bits);
        assert.ok(Array.isArray(blocks), String(blocks));
        const network = address - (address % 2 ** (32 - prefix));
        blocks.forEach((block, i) => {
          const [ip, mask] = block.split('/');
          assert.equal(Number(mask), 32 - bits);
          assert.equal(v4(ip!), network + i * 2 ** bits);
        });
      }),
    );
  });
});
