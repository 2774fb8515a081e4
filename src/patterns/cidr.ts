import { invalidPattern } from './invalid-event-pattern-error.js';
import { parseIpAddress } from './ip-address.js';
import type { ScalarTest } from './event-values.js';

const INTEGER = /^[+-]?\d+$/;

/**
 * Compiles `{"cidr": "10.0.0.0/24"}`. Validation messages are event-ruler's `CIDR` ones, observed on AWS for
 * the first three; the mask-range messages are event-ruler's (unconfirmed on AWS). As in event-ruler, the
 * range runs from the address as written (not masked) up to the address with all host bits set, and a full
 * mask (/32, /128) is rejected.
 */
export function compileCidr(spec: string): ScalarTest {
  const slashed = spec.split('/');
  // Java's String.split drops trailing empty strings: "10.0.0.0/" has one part.
  while (slashed.length > 0 && slashed[slashed.length - 1] === '') slashed.pop();
  if (slashed.length !== 2) invalidPattern("Malformed CIDR, one '/' required");
  const maskText = slashed[1]!;
  const maskBits = INTEGER.test(maskText) ? Number(maskText) : Number.NaN;
  if (!Number.isSafeInteger(maskBits) || Math.abs(maskBits) > 2 ** 31 - 1) {
    invalidPattern('Malformed CIDR, mask bits must be an integer');
  }
  if (maskBits < 0) invalidPattern('Malformed CIDR, mask bits must not be negative');
  const address = parseIpAddress(slashed[0]!);
  if (!address) invalidPattern(`Nonstandard IP address: ${slashed[0]}`);
  if (address.bits === 32 && maskBits > 31) invalidPattern('IPv4 mask bits must be < 32');
  if (address.bits === 128 && maskBits > 127) invalidPattern('IPv6 mask bits must be < 128');

  const hostBits = BigInt(address.bits - maskBits);
  const bottom = address.value;
  const top = address.value | ((1n << hostBits) - 1n);
  const bits = address.bits;
  return (value) => {
    if (typeof value !== 'string') return false;
    const ip = parseIpAddress(value);
    return ip !== undefined && ip.bits === bits && ip.value >= bottom && ip.value <= top;
  };
}
