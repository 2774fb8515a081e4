/**
 * Fn::Cidr: `count` consecutive blocks of `bits` host bits each, from the start of `block` (IPv4 or
 * IPv6), e.g. ("192.168.0.0/24", 6, 5) → 192.168.0.0/27, 192.168.0.32/27, … (CloudFormation User Guide,
 * intrinsic-function-reference-cidr). Returns a problem text instead of throwing.
 */
export function cidrBlocks(block: string, count: number, bits: number): string[] | string {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(block.trim());
  if (!match) return `cannot read the IP block ${block}`;
  const v6 = match[1]!.includes(':');
  const width = v6 ? 128 : 32;
  const address = v6 ? parseV6(match[1]!) : parseV4(match[1]!);
  const prefix = Number(match[2]);
  if (address === undefined || prefix > width) return `cannot read the IP block ${block}`;
  if (!Number.isInteger(count) || count < 1 || count > 256) return `count must be between 1 and 256, not ${count}`;
  if (!Number.isInteger(bits) || bits < 0 || width - bits < prefix) return `cannot make blocks of ${bits} host bits inside ${block}`;
  if (BigInt(count) > 1n << BigInt(width - prefix - bits)) return `${block} has no room for ${count} blocks of ${bits} host bits`;
  const start = (address >> BigInt(width - prefix)) << BigInt(width - prefix);
  const size = 1n << BigInt(bits);
  return Array.from({ length: count }, (_, i) => `${(v6 ? formatV6 : formatV4)(start + size * BigInt(i))}/${width - bits}`);
}

function parseV4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((sum, p) => (sum << 8n) + BigInt(p), 0n);
}

function formatV4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
}

function parseV6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
  const missing = 8 - groups.flat().length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const all = halves.length === 2 ? [...groups[0]!, ...Array<string>(missing).fill('0'), ...groups[1]!] : groups[0]!;
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return all.reduce((sum, g) => (sum << 16n) + BigInt(`0x${g}`), 0n);
}

/** RFC 5952 text: lower-case groups, the longest run of two or more zero groups (the first of equals) as `::`. */
function formatV6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  let best = { start: -1, length: 1 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i += 1;
      continue;
    }
    let end = i;
    while (end < 8 && groups[end] === '0') end += 1;
    if (end - i > best.length) best = { start: i, length: end - i };
    i = end;
  }
  if (best.start === -1) return groups.join(':');
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.length).join(':')}`;
}
