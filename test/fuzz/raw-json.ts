/**
 * JSON text spliced into a request body verbatim: what JSON.stringify cannot produce (1e400, 41-digit
 * numbers, -0) or should not be asked to (100,000 levels of nesting would overflow its stack).
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/** A request body as JSON, with every RawJson spliced in as its text. */
export function serializeJson(value: unknown): Buffer {
  const raws: string[] = [];
  const nonce = `@@raw-${Math.random().toString(36).slice(2)}-`;
  const text = JSON.stringify(value, (_key, member: unknown) => {
    if (!(member instanceof RawJson)) return member;
    raws.push(member.text);
    return `${nonce}${raws.length - 1}@@`;
  });
  if (raws.length === 0) return Buffer.from(text, 'utf8');
  const parts: string[] = [];
  let rest = text;
  raws.forEach((raw, i) => {
    const placeholder = `"${nonce}${i}@@"`;
    const at = rest.indexOf(placeholder);
    parts.push(rest.slice(0, at), raw);
    rest = rest.slice(at + placeholder.length);
  });
  parts.push(rest);
  return Buffer.from(parts.join(''), 'utf8');
}

/** `[[[…]]]`: JSON nested `depth` levels. */
export const deepArray = (depth: number): RawJson => new RawJson('['.repeat(depth) + ']'.repeat(depth));

/** `{"a":{"a":…{}}}`: JSON nested `depth` levels. */
export const deepObject = (depth: number): RawJson => new RawJson('{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1));

/** A DynamoDB attribute value nested `levels` deep (maps and lists alternating); JSON depth is 2 × levels + 1. */
export function deepAttribute(levels: number): RawJson {
  const open: string[] = [];
  const close: string[] = [];
  for (let i = 0; i < levels; i++) {
    open.push(i % 2 === 0 ? '{"M":{"a":' : '{"L":[');
    close.push(i % 2 === 0 ? '}}' : ']}');
  }
  return new RawJson(open.join('') + '{"S":"x"}' + close.reverse().join(''));
}
