import type { AttributeMap, AttributeValue } from '../values/attribute-value.js';
import { setOwn } from '../values/normalize-value.js';
import { ErrorCollector } from './expression-errors.js';
import { checkExpressionText } from './expression-text.js';
import { reservedWordError } from './functions.js';
import { parsePath, resolvePath } from './path-parser.js';
import type { Path, PathElement } from './paths.js';
import { findPathClash, formatPath } from './paths.js';
import type { ExpressionScope } from './scope.js';
import { TokenStream } from './token-stream.js';

/** The document paths to return: from ProjectionExpression or legacy AttributesToGet. */
export type Projection = Path[];

type Category = 'reserved' | 'attrName' | 'pathOverlap' | 'pathConflict';
const ORDER: readonly Category[] = ['reserved', 'attrName', 'pathOverlap', 'pathConflict'];
const NO_KEYWORDS: ReadonlySet<string> = new Set();

/**
 * Parses a ProjectionExpression (comma-separated document paths). Throws DynamoDB's errors for
 * syntax, reserved words, undefined `#names`, and overlapping (`a, a.b`) or conflicting
 * (`a.b, a[1]`) paths.
 */
export function parseProjection(text: string, scope: ExpressionScope): Projection {
  checkExpressionText('ProjectionExpression', text);
  const stream = new TokenStream('ProjectionExpression', text);
  const errors = new ErrorCollector<Category>();
  const paths: Path[] = [];
  do {
    if (paths.length > 0) stream.next();
    const parsed = parsePath(stream, NO_KEYWORDS);
    for (const word of parsed.reserved) errors.record('reserved', reservedWordError(word));
    paths.push(resolvePath(parsed.path, scope, errors, 'attrName'));
  } while (stream.isPunct(','));
  stream.expectEnd();
  const clash = findPathClash(paths);
  if (clash !== undefined) {
    errors.record(
      clash.kind === 'overlap' ? 'pathOverlap' : 'pathConflict',
      `Two document paths ${clash.kind} with each other; must remove or rewrite one of these paths; path one: ${formatPath(clash.first)}, path two: ${formatPath(clash.second)}`,
    );
  }
  errors.throwFirst(ORDER, 'ProjectionExpression');
  return paths;
}

interface Node {
  whole: boolean;
  children: Map<PathElement, Node>;
}

/** The trees of projections already applied, by their path list (a page applies one to each of its items). */
const trees = new WeakMap<readonly Path[], Node>();

/**
 * The parts of `item` named by `paths`, shaped as in the item: `a.b[2].c` yields
 * `{a: {M: {b: {L: [{M: {c}}]}}}}`. Selected list elements are kept in index order and compacted;
 * paths that do not exist (or cross a value of the wrong type) contribute nothing. The values are copies,
 * unless `shared`: then they are the item's own, for a caller that serialises the result at once and
 * changes neither (a read's answer: no copy of each attribute, about a third of a projection's time).
 */
export function projectItem(item: AttributeMap, paths: readonly Path[], shared = false): AttributeMap {
  let root = trees.get(paths);
  if (root === undefined) trees.set(paths, (root = treeOf(paths)));
  const result: AttributeMap = {};
  for (const [name, node] of root.children) {
    if (!Object.hasOwn(item, name as string)) continue;
    const value = project(item[name as string]!, node, shared);
    if (value !== undefined) setOwn(result, name as string, value);
  }
  return result;
}

function treeOf(paths: readonly Path[]): Node {
  const root: Node = { whole: false, children: new Map() };
  for (const path of paths) {
    let node = root;
    for (const step of path) {
      let next = node.children.get(step);
      if (next === undefined) {
        next = { whole: false, children: new Map() };
        node.children.set(step, next);
      }
      node = next;
    }
    node.whole = true;
  }
  return root;
}

function project(value: AttributeValue, node: Node, shared: boolean): AttributeValue | undefined {
  if (node.whole) return shared ? value : structuredClone(value);
  if ('M' in value) {
    const map: AttributeMap = {};
    for (const [key, child] of node.children) {
      if (typeof key !== 'string' || !Object.hasOwn(value.M, key)) continue;
      const projected = project(value.M[key]!, child, shared);
      if (projected !== undefined) setOwn(map, key, projected);
    }
    return Object.keys(map).length > 0 ? { M: map } : undefined;
  }
  if ('L' in value) {
    const indexes = [...node.children.keys()].filter((k): k is number => typeof k === 'number').sort((a, b) => a - b);
    const list: AttributeValue[] = [];
    for (const index of indexes) {
      if (index >= value.L.length) continue;
      const projected = project(value.L[index]!, node.children.get(index)!, shared);
      if (projected !== undefined) list.push(projected);
    }
    return list.length > 0 ? { L: list } : undefined;
  }
  return undefined;
}
