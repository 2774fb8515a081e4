import { StringKeys } from './string-keys.js';
import type { LeafKeys } from './leaf-keys.js';
import type { PostingSink } from './string-keys.js';

// Past this many named child fields, an event object's own keys are walked instead of the names.
const CHILD_SCAN_LIMIT = 16;

class IndexNode {
  readonly children = new Map<string, IndexNode>();
  strings: StringKeys | undefined;
  folded: StringKeys | undefined;
  numbers: Map<number, number[]> | undefined;
  nulls: number[] | undefined;
  trues: number[] | undefined;
  falses: number[] | undefined;
  present: number[] | undefined;
  keyed = false;
}

function push(list: number[] | undefined, entry: number): number[] {
  if (!list) return [entry];
  if (list[list.length - 1] !== entry) list.push(entry);
  return list;
}

/**
 * Entries (alternative numbers) filed under the values their patterns require at a field path, as a
 * tree of path steps. `collect` walks an event along the paths the tree names only, crossing arrays the
 * way the matcher does (an array's objects are each walked; its scalars, nested arrays flattened, are each
 * looked up), and hands over the entries of every key a value hits. It finds every entry whose key some
 * value at its path satisfies, so it never misses a match; it ignores array-element correlation, so it
 * may return more, and candidates are then verified.
 */
export class PathIndex {
  readonly #root = new IndexNode();

  add(steps: readonly string[], keys: LeafKeys, entry: number): void {
    let node = this.#root;
    for (const step of steps) {
      let child = node.children.get(step);
      if (!child) node.children.set(step, (child = new IndexNode()));
      node = child;
    }
    node.keyed = true;
    if (keys.present) {
      node.present = push(node.present, entry);
      return;
    }
    for (const value of keys.exact) {
      if (typeof value === 'string') (node.strings ??= new StringKeys()).addExact(value, entry);
      else if (typeof value === 'number') {
        const numbers = (node.numbers ??= new Map());
        numbers.set(value, push(numbers.get(value), entry));
      } else if (value === null) node.nulls = push(node.nulls, entry);
      else if (value) node.trues = push(node.trues, entry);
      else node.falses = push(node.falses, entry);
    }
    for (const prefix of keys.prefixes) (node.strings ??= new StringKeys()).addPrefix(prefix, entry);
    for (const text of keys.folded) (node.folded ??= new StringKeys()).addExact(text, entry);
    for (const prefix of keys.foldedPrefixes) (node.folded ??= new StringKeys()).addPrefix(prefix, entry);
  }

  collect(event: unknown, sink: PostingSink): void {
    visit(this.#root, event, sink);
  }
}

function visit(node: IndexNode, value: unknown, sink: PostingSink): void {
  if (value === null || typeof value !== 'object') {
    if (node.keyed) lookup(node, value, sink);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) visit(node, value[i], sink);
  } else if (node.children.size > 0) {
    visitFields(node, value as Record<string, unknown>, sink);
  }
}

function visitFields(node: IndexNode, object: Record<string, unknown>, sink: PostingSink): void {
  const children = node.children;
  if (children.size <= CHILD_SCAN_LIMIT) {
    for (const [key, child] of children) if (Object.hasOwn(object, key)) visit(child, object[key], sink);
    return;
  }
  for (const key in object) {
    const child = children.get(key);
    if (child && Object.hasOwn(object, key)) visit(child, object[key], sink);
  }
}

function lookup(node: IndexNode, value: unknown, sink: PostingSink): void {
  let postings: number[] | undefined;
  switch (typeof value) {
    case 'string':
      node.strings?.collect(value, sink);
      node.folded?.collect(value.toLowerCase(), sink);
      break;
    case 'number':
      postings = node.numbers?.get(value);
      break;
    case 'boolean':
      postings = value ? node.trues : node.falses;
      break;
    case 'object': // null
      postings = node.nulls;
      break;
    default:
      return; // not a JSON value: no leaf value, as for the matcher
  }
  if (postings) sink(postings);
  if (node.present) sink(node.present);
}
