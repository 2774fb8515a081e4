import { isJsonObject, type JsonValue } from './json-value.js';

/** One step of a path: a member name, an array index, or `*` (every element or member value). */
export type JsonPathStep = { readonly key: string } | { readonly index: number } | { readonly wildcard: true };

/** A JSONPath EventBridge accepts, parsed once (PutTargets) and evaluated per event. */
export interface JsonPath {
  readonly text: string;
  readonly steps: readonly JsonPathStep[];
  /** Whether a `*` step makes the path select a list of values rather than one value. */
  readonly wildcard: boolean;
}

/**
 * Member names EventBridge's docs list as supported in paths: "dot notation, dashes, underscores,
 * alphanumeric characters, array indices, wildcards (*), forward slashes" (eb-transform-target-input).
 * Anything else is refused, not guessed at.
 */
const NAME = /[A-Za-z0-9_\-/]+/y;
const INDEX = /\[(\d+)\]/y;

/**
 * Parses the JSONPath subset EventBridge accepts for `InputPath`, `InputPathsMap` values and Pipes'
 * `<$.…>` placeholders: `$`, then any of `.name`, `.*`, `[0]`, `[*]`. Returns undefined for anything
 * else: a path not starting at `$` and bracket notation for keys (`$['detail']`) are refused by
 * PutTargets ("InputPath for target <id> is invalid."); deep scan (`..`), slices, unions, filters
 * and negative indices are outside the documented subset.
 */
export function parseJsonPath(text: string): JsonPath | undefined {
  if (!text.startsWith('$')) return undefined;
  const steps: JsonPathStep[] = [];
  let at = 1;
  while (at < text.length) {
    if (text.startsWith('.*', at) || text.startsWith('[*]', at)) {
      steps.push({ wildcard: true });
      at += text[at] === '.' ? 2 : 3;
      continue;
    }
    if (text[at] === '.') {
      NAME.lastIndex = at + 1;
      const name = NAME.exec(text);
      if (!name) return undefined;
      steps.push({ key: name[0] });
      at = NAME.lastIndex;
      continue;
    }
    INDEX.lastIndex = at;
    const index = INDEX.exec(text);
    if (!index) return undefined;
    const value = Number(index[1]);
    if (!Number.isSafeInteger(value)) return undefined;
    steps.push({ index: value });
    at = INDEX.lastIndex;
  }
  return { text, steps, wildcard: steps.some((step) => 'wildcard' in step) };
}

/**
 * The value a path selects in `root`, or undefined when it selects nothing (a member that is absent,
 * an index past the end, a name applied to an array or an index to an object). A path with a `*`
 * selects the list of everything it reaches, possibly empty, as Jayway JsonPath (the Java library
 * AWS's JSONPath support is modelled on; unconfirmed for EventBridge) returns for indefinite paths.
 */
export function evaluateJsonPath(path: JsonPath, root: JsonValue): JsonValue | undefined {
  let nodes: JsonValue[] = [root];
  for (const step of path.steps) {
    const next: JsonValue[] = [];
    for (const node of nodes) {
      if ('wildcard' in step) {
        // Element by element: spreading a 200,000-element array into push() overflows the argument limit.
        if (Array.isArray(node)) for (const element of node) next.push(element);
        else if (isJsonObject(node)) for (const member of Object.values(node)) next.push(member);
      } else if ('key' in step) {
        if (isJsonObject(node) && Object.hasOwn(node, step.key)) next.push(node[step.key]!);
      } else if (Array.isArray(node) && step.index < node.length) {
        next.push(node[step.index]!);
      }
    }
    nodes = next;
  }
  return path.wildcard ? nodes : nodes[0];
}
