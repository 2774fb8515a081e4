import type { LeafMatcher } from './compile-leaf.js';
import type { Alternative } from './flatten-pattern.js';

/** Tests an event value (an object, an array of them, or anything else) against a compiled object pattern. */
export type NodeMatcher = (value: unknown) => boolean;

interface TreeNode {
  leaves: Map<string, LeafMatcher>;
  children: Map<string, TreeNode>;
}

function emptyNode(): TreeNode {
  return { leaves: new Map(), children: new Map() };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function field(object: Record<string, unknown> | undefined, key: string): unknown {
  return object !== undefined && Object.hasOwn(object, key) ? object[key] : undefined;
}

/**
 * Applies `matchObject` to a value: to the object itself, or to each object of an event array until one
 * matches. Fields matched under one array are thus matched within the same element (event-ruler's array
 * consistency). A value with no object in it is matched as an empty object, so its fields are missing.
 */
function overObjects(matchObject: (object: Record<string, unknown> | undefined) => boolean): NodeMatcher {
  const anyElement = (elements: readonly unknown[]): boolean | undefined => {
    let sawObject: boolean | undefined;
    for (const element of elements) {
      if (isObject(element)) {
        if (matchObject(element)) return true;
        sawObject = false;
      } else if (Array.isArray(element)) {
        const nested = anyElement(element);
        if (nested) return true;
        if (nested === false) sawObject = false;
      }
    }
    return sawObject;
  };
  return (value) => {
    if (isObject(value)) return matchObject(value);
    if (Array.isArray(value)) {
      const result = anyElement(value);
      if (result !== undefined) return result;
    }
    return matchObject(undefined);
  };
}

function compileNode(node: TreeNode): NodeMatcher {
  const leaves = [...node.leaves];
  const children = [...node.children].map(([key, child]) => [key, compileNode(child)] as const);
  return overObjects((object) => {
    for (const [key, leaf] of leaves) if (!leaf(field(object, key))) return false;
    for (const [key, child] of children) if (!child(field(object, key))) return false;
    return true;
  });
}

/**
 * Turns one unfolded alternative into nested closures. Dotted paths are split into steps, so a pattern key
 * `"state.status"` and a nested `{"state": {"status": …}}` are the same field, as on AWS. (Event keys that
 * themselves contain dots are looked up literally, step by step: AWS also matches them against nested
 * pattern paths, a behaviour it tells users not to rely on.)
 */
export function compileAlternative(alternative: Alternative): NodeMatcher {
  const root = emptyNode();
  for (const [path, leaf] of alternative) {
    const steps = path.split('.');
    let node = root;
    for (const step of steps.slice(0, -1)) {
      let child = node.children.get(step);
      if (!child) node.children.set(step, (child = emptyNode()));
      node = child;
    }
    node.leaves.set(steps[steps.length - 1]!, leaf.matches);
  }
  return compileNode(root);
}
