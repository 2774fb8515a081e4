/** An IP address as a number, with its width (32 bits for IPv4, 128 for IPv6). */
export interface IpAddress {
  readonly bits: 32 | 128;
  readonly value: bigint;
}

const IPV4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

function parseIpv4(text: string): bigint | undefined {
  const match = IPV4.exec(text);
  if (!match) return undefined;
  let value = 0n;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(match[i]);
    if (!Number.isFinite(octet) || octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseGroups(text: string): bigint[] | undefined {
  if (text === '') return [];
  const groups: bigint[] = [];
  for (const part of text.split(':')) {
    if (!HEX_GROUP.test(part)) return undefined;
    groups.push(BigInt(parseInt(part, 16)));
  }
  return groups;
}

function parseIpv6(text: string): bigint | undefined {
  if (!text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0]!);
  const tail = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...new Array<bigint>(missing).fill(0n), ...tail];
  let value = 0n;
  for (const group of groups) value = (value << 16n) | group;
  return value;
}

const V4_MAPPED_PREFIX = 0xffffn << 32n;

/**
 * Parses an IPv4 dotted quad or an IPv6 address in hex groups (`::` compression allowed; event-ruler's
 * IPv6 syntax has no embedded dotted quad). An IPv4-mapped IPv6 address (`::ffff:a00:1`) is the IPv4
 * address, as Java's `InetAddress` (behind event-ruler) makes it.
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { bits: 32, value: v4 };
  const v6 = parseIpv6(text);
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === 0xffffn) return { bits: 32, value: v6 ^ V4_MAPPED_PREFIX };
  return { bits: 128, value: v6 };
}
