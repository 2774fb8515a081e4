// DynamoDB JSON (typed attribute values) for display and editing.

/** One attribute value as short text: `"abc"`, `42`, `true`, `[3]`, `{2}`, `<binary 12 B>`. */
export function shortValue(value) {
  if (value === undefined) return '';
  const [type, inner] = Object.entries(value)[0] ?? [];
  switch (type) {
    case 'S':
      return inner;
    case 'N':
      return inner;
    case 'BOOL':
      return String(inner);
    case 'NULL':
      return 'null';
    case 'B':
      return `<binary ${Math.floor((inner.length * 3) / 4)} B>`;
    case 'SS':
    case 'NS':
    case 'BS':
      return `${type} [${inner.length}]`;
    case 'L':
      return `[${inner.length}]`;
    case 'M':
      return `{${Object.keys(inner).length}}`;
    default:
      return JSON.stringify(value);
  }
}

/** The attribute names to show as columns: the keys first, then the most common others (at most `max`). */
export function columnsOf(items, keyNames, max = 12) {
  const counts = new Map();
  for (const item of items) for (const name of Object.keys(item)) if (!keyNames.includes(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
  const others = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([name]) => name);
  return [...keyNames, ...others.slice(0, Math.max(0, max - keyNames.length))];
}

/** The key of an item under a key schema. */
export function keyOf(item, keySchema) {
  const key = {};
  for (const { AttributeName } of keySchema) key[AttributeName] = item[AttributeName];
  return key;
}

/** A stable text for a key, to compare and filter by. */
export function keyText(key) {
  return Object.keys(key ?? {})
    .sort()
    .map((name) => `${name}=${shortValue(key[name])}`)
    .join(' ');
}

/** Checks an item typed in the editor: an object of attribute values, each with one known type. Returns an error text or undefined. */
export function itemProblem(item) {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return 'An item is a JSON object of attributes';
  for (const [name, value] of Object.entries(item)) {
    const problem = valueProblem(value);
    if (problem) return `${name}: ${problem}`;
  }
  return undefined;
}

const TYPES = ['S', 'N', 'B', 'BOOL', 'NULL', 'SS', 'NS', 'BS', 'L', 'M'];

function valueProblem(value) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'an attribute value is an object like {"S": "text"}';
  const types = Object.keys(value);
  if (types.length !== 1 || !TYPES.includes(types[0])) return `one type of ${TYPES.join(', ')} expected, got ${types.join(', ') || 'none'}`;
  const inner = value[types[0]];
  if (types[0] === 'L') return inner.map?.(valueProblem).find(Boolean) ?? (Array.isArray(inner) ? undefined : 'L holds an array');
  if (types[0] === 'M') return typeof inner === 'object' && inner && !Array.isArray(inner) ? Object.values(inner).map(valueProblem).find(Boolean) : 'M holds an object';
  return undefined;
}

/**
 * The attributes that differ between two images, by name: `added`, `removed`, `changed` (old and new
 * value) and `same`, for the stream view's diff.
 */
export function diffImages(oldImage = {}, newImage = {}) {
  const names = [...new Set([...Object.keys(oldImage), ...Object.keys(newImage)])].sort();
  return names.map((name) => {
    const before = oldImage[name];
    const after = newImage[name];
    const kind = before === undefined ? 'added' : after === undefined ? 'removed' : JSON.stringify(before) === JSON.stringify(after) ? 'same' : 'changed';
    return { name, kind, before, after };
  });
}
