import { StringKeys } from './string-keys.js';
import type { IndexKey } from './leaf-keys.js';
import type { KeySink } from './string-keys.js';

// Past this many named child fields, an event object's own keys are walked instead of the names.
const CHILD_SCAN_LIMIT = 16;
const NONE = -1;

class IndexNode {
  readonly children = new Map<string, IndexNode>();
  // The same children as arrays, which the walk iterates faster than a Map.
  readonly childKeys: string[] = [];
  readonly childNodes: IndexNode[] = [];
  strings: StringKeys | undefined;
  folded: StringKeys | undefined;
  numbers: Map<number, number> | undefined;
  nullKey = NONE;
  trueKey = NONE;
  falseKey = NONE;
  presentKey = NONE;
  keyed = false;
}

/**
 * Numbered lookup keys (exact values, prefixes, suffixes, presence…) at field paths, as a tree of path
 * steps. `collect` walks an event along the paths the tree names only, crossing arrays the way the matcher
 * does (an array's objects are each walked; its scalars, nested arrays flattened, are each looked up), and
 * reports every key a value hits. A hit reached through an array of objects is flagged `crossed`: there
 * the matcher wants the fields of one element to match together, which keys alone cannot tell.
 */
export class PathIndex {
  readonly #root = new IndexNode();
  #size = 0;
  readonly #next = (): number => this.#size++;

  /** How many keys there are; they are numbered 0 … size − 1. */
  get size(): number {
    return this.#size;
  }

  /** The number of `key` at the path `steps`, numbered when new. */
  key(steps: readonly string[], key: IndexKey): number {
    let node = this.#root;
    for (const step of steps) {
      let child = node.children.get(step);
      if (!child) {
        node.children.set(step, (child = new IndexNode()));
        node.childKeys.push(step);
        node.childNodes.push(child);
      }
      node = child;
    }
    node.keyed = true;
    switch (key.kind) {
      case 'present':
        return node.presentKey === NONE ? (node.presentKey = this.#next()) : node.presentKey;
      case 'prefix':
      case 'suffix':
        return (node.strings ??= new StringKeys()).key(key.kind, key.value, this.#next);
      case 'folded':
        return (node.folded ??= new StringKeys()).key('exact', key.value, this.#next);
      case 'folded-prefix':
        return (node.folded ??= new StringKeys()).key('prefix', key.value, this.#next);
      case 'exact':
        break;
    }
    const value = key.value;
    if (typeof value === 'string') return (node.strings ??= new StringKeys()).key('exact', value, this.#next);
    if (typeof value === 'number') {
      const numbers = (node.numbers ??= new Map());
      let numbered = numbers.get(value);
      if (numbered === undefined) numbers.set(value, (numbered = this.#next()));
      return numbered;
    }
    if (value === null) return node.nullKey === NONE ? (node.nullKey = this.#next()) : node.nullKey;
    if (value) return node.trueKey === NONE ? (node.trueKey = this.#next()) : node.trueKey;
    return node.falseKey === NONE ? (node.falseKey = this.#next()) : node.falseKey;
  }

  collect(event: unknown, sink: KeySink): void {
    visit(this.#root, event, sink, false, false);
  }
}

/** `crossed`: the path to this node went through an array of objects; `inArray`: `value` is an element. */
function visit(node: IndexNode, value: unknown, sink: KeySink, crossed: boolean, inArray: boolean): void {
  if (value === null || typeof value !== 'object') {
    if (node.keyed) lookup(node, value, sink, crossed);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) visit(node, value[i], sink, crossed, true);
  } else if (node.childKeys.length > 0) {
    visitFields(node, value as Record<string, unknown>, sink, crossed || inArray);
  }
}

function visitFields(node: IndexNode, object: Record<string, unknown>, sink: KeySink, crossed: boolean): void {
  const keys = node.childKeys;
  if (keys.length <= CHILD_SCAN_LIMIT) {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (Object.hasOwn(object, key)) visit(node.childNodes[i]!, object[key], sink, crossed, false);
    }
    return;
  }
  for (const key in object) {
    const child = node.children.get(key);
    if (child && Object.hasOwn(object, key)) visit(child, object[key], sink, crossed, false);
  }
}

function lookup(node: IndexNode, value: unknown, sink: KeySink, crossed: boolean): void {
  let key = NONE;
  switch (typeof value) {
    case 'string':
      node.strings?.collect(value, sink, crossed);
      node.folded?.collect(value.toLowerCase(), sink, crossed);
      break;
    case 'number':
      key = node.numbers?.get(value) ?? NONE;
      break;
    case 'boolean':
      key = value ? node.trueKey : node.falseKey;
      break;
    case 'object': // null
      key = node.nullKey;
      break;
    default:
      return; // not a JSON value: no leaf value, as for the matcher
  }
  if (key !== NONE) sink(key, crossed);
  if (node.presentKey !== NONE) sink(node.presentKey, crossed);
}
