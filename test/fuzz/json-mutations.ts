import fc from 'fast-check';
import { EXPRESSIONS, fitNamesAndValues } from './expression-mutation.js';
import { FILTER_PATTERNS } from './filter-patterns.js';
import { ATTRIBUTE_TYPES, ATTRIBUTE_VALUES, DEPTHS, HUGE_SIZES, MEMBER_NAMES, ODD_NUMBERS, ODD_NUMBER_STRINGS } from './mutation-values.js';
import { RawJson, deepArray, deepAttribute, deepObject } from './raw-json.js';

/**
 * Mutations of a request's JSON members. `at` picks a member among those the mutation applies to
 * (an index taken modulo their count, or a path such as `Item.data.S`).
 */
export type JsonMutation =
  | { op: 'wrongType'; at: number | string; value: unknown }
  | { op: 'remove'; at: number | string }
  | { op: 'null'; at: number | string }
  | { op: 'unknownMember'; at: number | string; name: string; value: unknown }
  | { op: 'deep'; at: number | string; depth: number; form: 'array' | 'object' | 'attribute' }
  | { op: 'hugeString'; at: number | string; size: number }
  | { op: 'oddNumber'; at: number | string; text: string }
  | { op: 'jsonInString'; at: number | string; depth: number }
  | { op: 'deepExpression'; at: number | string; depth: number; form: number }
  | { op: 'repeat'; at: number | string; times: number }
  | { op: 'attributeValue'; at: number | string; value: unknown }
  | { op: 'rename'; at: number | string; name: string }
  | { op: 'expression'; at: number | string; text: string }
  | { op: 'pattern'; at: number | string; text: string };

const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, -1, 1.5, true, false, '', 'text', [], {}, [1, 'a'], { a: 1 }, { S: 'x' }, [{ S: 'x' }], { N: '1' }, { NULL: false }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(...DEPTHS).map(deepArray),
);

export const jsonMutation: fc.Arbitrary<JsonMutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('wrongType' as const), at: fc.nat(), value }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('remove' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('null' as const), at: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('unknownMember' as const), at: fc.nat(), name: fc.oneof(fc.constantFrom(...MEMBER_NAMES), fc.string({ unit: 'binary', maxLength: 12 })), value }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('deep' as const), at: fc.nat(), depth: fc.constantFrom(...DEPTHS), form: fc.constantFrom('array' as const, 'object' as const, 'attribute' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('hugeString' as const), at: fc.nat(), size: fc.constantFrom(...HUGE_SIZES) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('oddNumber' as const), at: fc.nat(), text: fc.constantFrom(...ODD_NUMBERS, ...ODD_NUMBER_STRINGS) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('jsonInString' as const), at: fc.nat(), depth: fc.constantFrom(...DEPTHS) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('deepExpression' as const), at: fc.nat(), depth: fc.constantFrom(31, 32, 33, 300, 1000, 2000, 5000), form: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('repeat' as const), at: fc.nat(), times: fc.constantFrom(2, 11, 26, 101, 1001) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('expression' as const), at: fc.nat(), text: fc.constantFrom(...EXPRESSIONS) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('pattern' as const), at: fc.nat(), text: fc.constantFrom(...FILTER_PATTERNS) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('attributeValue' as const), at: fc.nat(), value: fc.constantFrom(...ATTRIBUTE_VALUES) }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('rename' as const), at: fc.nat(), name: fc.oneof(fc.constantFrom(...MEMBER_NAMES, 'a.b', '#', ':', 'x'.repeat(65_536)), fc.string({ unit: 'binary', maxLength: 8 })) }),
  },
);

/** Expressions nested `depth` deep, in the forms a recursive parser could trip on. */
function deepExpression(depth: number, form: number): string {
  switch (form) {
    case 0: return `${'('.repeat(depth)}attribute_exists(pk)${')'.repeat(depth)}`;
    case 1: return `${'NOT '.repeat(depth)}attribute_exists(pk)`;
    case 2: return `attribute_exists(pk${'.a'.repeat(depth)})`;
    case 3: return `attribute_exists(pk${'[0]'.repeat(depth)})`;
    case 4: return `SET #d = ${'if_not_exists(#d, '.repeat(depth)}:v${')'.repeat(depth)}`;
    default: return Array.from({ length: depth }, (_, i) => `a${i} = :v`).join(' AND ');
  }
}

type Path = (string | number)[];
interface Node { path: Path; value: unknown }

function nodes(root: unknown): Node[] {
  const out: Node[] = [];
  const walk = (value: unknown, path: Path) => {
    out.push({ path, value });
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else if (value !== null && typeof value === 'object' && !(value instanceof RawJson)) for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(root, []);
  return out;
}

const isAttributeValue = (value: unknown): boolean =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 && ATTRIBUTE_TYPES.has(Object.keys(value)[0]!);

const show = (value: unknown): string =>
  value instanceof RawJson ? `${value.text.slice(0, 20)}… (${value.text.length} chars of JSON)` : (JSON.stringify(value) ?? 'undefined').slice(0, 60);

export const pathText = (path: Path): string => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '(root)';

function candidates(mutation: JsonMutation, all: Node[]): Node[] {
  const members = all.filter((n) => n.path.length > 0);
  const strings = members.filter((n) => typeof n.value === 'string');
  const pick = (list: Node[], fallback: Node[]) => (list.length > 0 ? list : fallback);
  switch (mutation.op) {
    case 'unknownMember': return all.filter((n) => n.value !== null && typeof n.value === 'object' && !Array.isArray(n.value));
    case 'hugeString': case 'jsonInString': return pick(strings, members);
    case 'deepExpression': case 'expression': return pick(strings.filter((n) => /Expression$/.test(String(n.path[n.path.length - 1]))), strings);
    case 'oddNumber': return pick(members.filter((n) => typeof n.value === 'number' || n.path[n.path.length - 1] === 'N' || n.path.at(-2) === 'NS'), members);
    case 'repeat': return pick(members.filter((n) => Array.isArray(n.value)), members);
    case 'pattern': return pick(strings.filter((n) => n.path[n.path.length - 1] === 'Pattern'), strings);
    case 'attributeValue': return pick(members.filter((n) => isAttributeValue(n.value)), members);
    case 'rename': return members.filter((n) => typeof n.path[n.path.length - 1] === 'string');
    default: return members;
  }
}

/** Applies a mutation to `root` (changed in place; the root object itself is never replaced). Returns a label, or undefined when it does not apply. */
export function applyJsonMutation(root: unknown, mutation: JsonMutation): string | undefined {
  const list = candidates(mutation, nodes(root));
  const target = typeof mutation.at === 'string' ? list.find((n) => pathText(n.path) === mutation.at) : list[mutation.at % Math.max(1, list.length)];
  if (!target) return undefined;
  const parent = target.path.length === 0 ? undefined : (nodes(root).find((n) => pathText(n.path) === pathText(target.path.slice(0, -1)))!.value as Record<string | number, unknown>);
  const key = target.path[target.path.length - 1]!;
  const set = (value: unknown) => { if (parent) parent[key] = value; };
  // Values drawn from shared constants are copied, so a later mutation cannot change the constant.
  const fresh = (value: unknown) => (value instanceof RawJson ? value : structuredClone(value));
  const where = pathText(target.path);
  switch (mutation.op) {
    case 'wrongType': set(fresh(mutation.value)); return `wrongType at ${where}: ${show(mutation.value)}`;
    case 'null': set(null); return `null at ${where}`;
    case 'remove':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else if (parent) delete parent[key];
      return `remove ${where}`;
    case 'unknownMember':
      Object.defineProperty(target.value, mutation.name, { value: fresh(mutation.value), enumerable: true, configurable: true, writable: true });
      return `unknownMember ${JSON.stringify(mutation.name)} in ${where}: ${show(mutation.value)}`;
    case 'deep':
      set(mutation.form === 'array' ? deepArray(mutation.depth) : mutation.form === 'object' ? deepObject(mutation.depth) : deepAttribute(mutation.depth));
      return `deep ${mutation.form} (${mutation.depth}) at ${where}`;
    case 'hugeString': set('x'.repeat(mutation.size)); return `hugeString (${mutation.size} chars) at ${where}`;
    case 'oddNumber': {
      const asString = typeof target.value === 'string';
      set(asString ? mutation.text : /^-?\d/.test(mutation.text) ? new RawJson(mutation.text) : mutation.text);
      return `oddNumber ${JSON.stringify(mutation.text.slice(0, 50))}${asString ? ' (as string)' : ''} at ${where}`;
    }
    case 'jsonInString': set(deepArray(mutation.depth).text); return `JSON text nested ${mutation.depth} deep as the string at ${where}`;
    case 'deepExpression': set(deepExpression(mutation.depth, mutation.form)); return `deep expression (form ${mutation.form}, ${mutation.depth}) at ${where}`;
    case 'expression':
      set(mutation.text);
      if (parent && !Array.isArray(parent)) fitNamesAndValues(parent);
      return `expression at ${where}: ${JSON.stringify(mutation.text)}`;
    case 'pattern':
      set(mutation.text);
      return `filter pattern at ${where}: ${mutation.text.slice(0, 80)}`;
    case 'attributeValue':
      set(fresh(mutation.value));
      return `attribute value at ${where}: ${mutation.value instanceof RawJson ? mutation.value.text : JSON.stringify(mutation.value).slice(0, 60)}`;
    case 'rename': {
      if (!parent || Array.isArray(parent)) return undefined;
      // Members keep their order, the renamed one in its place.
      const entries = Object.entries(parent);
      for (const [name] of entries) delete parent[name];
      for (const [name, member] of entries) {
        Object.defineProperty(parent, name === key ? mutation.name : name, { value: member, enumerable: true, configurable: true, writable: true });
      }
      return `rename ${where} to ${JSON.stringify(mutation.name.slice(0, 40))}`;
    }
    case 'repeat': {
      if (!Array.isArray(target.value) || target.value.length === 0) { set([target.value]); return `wrapped in a list at ${where}`; }
      const first = target.value[0];
      target.value.push(...Array.from({ length: mutation.times - 1 }, () => (first instanceof RawJson ? first : structuredClone(first))));
      return `repeat the first element of ${where} ×${mutation.times}`;
    }
  }
}
