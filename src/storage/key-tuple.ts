/**
 * Order-preserving encoding of a tuple of key values (the partition or sort key of a GSI with a
 * multi-attribute key): each component's own order-preserving encoding (key-encoding.ts) with every
 * 0x00 byte escaped as 0x00 0xFF, then the terminator 0x00 0x01.
 *
 * memcmp order of two encodings is the tuples' order, component by component: inside a component an
 * escaped 0x00 (0x00 0xFF) sorts above the terminator (0x00 0x01) and every other byte (≥ 0x01) above
 * 0x00, so a component that is a proper prefix of another sorts first — as memcmp's "shorter first"
 * orders the components themselves — and the terminator's second byte (0x01, below 0xFF) keeps the
 * next component from deciding a comparison the current one already decided. Because every
 * component is terminated, the encodings of the tuples that start with given components are exactly
 * the byte strings starting with those components' encoding: equality on leading attributes is a
 * byte prefix, and a range on the next attribute a byte range inside it.
 */

const ESCAPE = 0x00;
const ESCAPED_ZERO = 0xff;
const TERMINATOR = 0x01;

/** One component as it appears inside a tuple encoding (escaped and terminated). */
export function tupleComponent(encoded: Uint8Array): Uint8Array {
  let zeros = 0;
  for (const byte of encoded) if (byte === ESCAPE) zeros++;
  const out = new Uint8Array(encoded.length + zeros + 2);
  let i = 0;
  for (const byte of encoded) {
    out[i++] = byte;
    if (byte === ESCAPE) out[i++] = ESCAPED_ZERO;
  }
  out[i++] = ESCAPE;
  out[i] = TERMINATOR;
  return out;
}

/** The tuple of the given component encodings. */
export function encodeKeyTuple(components: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat(components.map(tupleComponent));
}

/**
 * The smallest byte string above every encoding that starts with `encoded` (a tuple or tuple prefix
 * ending in a terminated component): its terminator's 0x01 raised to 0x02.
 */
export function tupleEnd(encoded: Uint8Array): Uint8Array {
  const out = Uint8Array.from(encoded);
  out[out.length - 1] = TERMINATOR + 1;
  return out;
}

/** Inverse of encodeKeyTuple: the component encodings, in order. */
export function decodeKeyTuple(bytes: Uint8Array): Uint8Array[] {
  const components: Uint8Array[] = [];
  let current: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte !== ESCAPE) {
      current.push(byte);
      continue;
    }
    const next = bytes[++i];
    if (next === ESCAPED_ZERO) current.push(ESCAPE);
    else if (next === TERMINATOR) {
      components.push(Uint8Array.from(current));
      current = [];
    } else throw new Error(`corrupt key tuple encoding: ${Buffer.from(bytes).toString('hex')}`);
  }
  if (current.length > 0) throw new Error(`corrupt key tuple encoding: ${Buffer.from(bytes).toString('hex')}`);
  return components;
}
