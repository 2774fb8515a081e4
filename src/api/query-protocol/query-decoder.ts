import { ServiceError } from '../../shared/service-error.js';
import type { QueryShape, StructureShape } from './query-shapes.js';

/** A parameter name's dotted parts as a tree: `Tags.member.1.Key=a` → Tags → member → 1 → Key = 'a'. */
interface ParamNode {
  value?: string;
  children?: Map<string, ParamNode>;
}

/** At most this many parts in one parameter name (SNS nests five deep: `A.member.1.MessageAttributes.entry.1.Value.DataType`). */
const MAX_NAME_PARTS = 12;
/** List and map positions are 1…MAX_INDEX (a form body is at most a few MB, so nothing real comes near it). */
const MAX_INDEX = 100_000;

/** AWS query services' validation error (code `ValidationError`, 400) [SEMANTICS E.1]. */
export const queryValidationError = (problems: readonly string[]): ServiceError =>
  new ServiceError('ValidationError', `${problems.length} validation error${problems.length === 1 ? '' : 's'} detected: ${problems.join('; ')}`, 400);

/** The parameters of a form body or query string; the first of a repeated name wins. */
export function paramTree(params: URLSearchParams): ParamNode {
  const root: ParamNode = {};
  for (const [name, value] of params) {
    const parts = name.split('.');
    if (parts.length > MAX_NAME_PARTS) continue; // no shape reaches it
    let node = root;
    for (const part of parts) {
      node.children ??= new Map();
      let child = node.children.get(part);
      if (!child) node.children.set(part, (child = {}));
      node = child;
    }
    node.value ??= value;
  }
  return root;
}

/**
 * Decodes the parameters under `shape` into plain values (strings, booleans, arrays, objects);
 * parameters the shape does not name are ignored, as AWS ignores them. A null required member, a
 * position that is not a number or a boolean that is not one is `ValidationError`, all problems in one
 * message as AWS aggregates them ("Value null at 'messageAttributes.attr1.member.dataType' failed to
 * satisfy constraint: Member must not be null" [SEMANTICS E.1]; the other two wordings unconfirmed).
 */
export function decodeQuery(params: URLSearchParams | ParamNode, shape: StructureShape): Record<string, unknown> {
  const problems: string[] = [];
  const root = params instanceof URLSearchParams ? paramTree(params) : params;
  const out = decodeStructure(root, shape, '', problems);
  if (problems.length > 0) throw queryValidationError(problems.slice(0, 10));
  return out;
}

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);
const at = (path: string, name: string) => (path === '' ? lowerFirst(name) : `${path}.${lowerFirst(name)}`);
const shorten = (text: string) => (text.length > 100 ? `${text.slice(0, 100)}...` : text);

function decode(node: ParamNode, shape: QueryShape, path: string, problems: string[]): unknown {
  switch (shape.type) {
    case 'string':
      return node.value ?? '';
    case 'boolean': {
      const value = (node.value ?? '').toLowerCase();
      if (value === 'true' || value === 'false') return value === 'true';
      problems.push(`Value '${shorten(node.value ?? '')}' at '${path}' failed to satisfy constraint: Member must be a boolean`);
      return undefined;
    }
    case 'list':
      return positions(node.children?.get('member'), path, problems).map(([n, item]) => decode(item, shape.member, `${path}.${n}.member`, problems));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [n, entry] of positions(node.children?.get('entry'), path, problems)) {
        const key = entry.children?.get(shape.keyName)?.value;
        const value = entry.children?.get(shape.valueName);
        if (key === undefined) {
          problems.push(`Value null at '${path}.${n}.member.${lowerFirst(shape.keyName)}' failed to satisfy constraint: Member must not be null`);
          continue;
        }
        if (value === undefined) {
          problems.push(`Value null at '${path}.${key}.member.${lowerFirst(shape.valueName)}' failed to satisfy constraint: Member must not be null`);
          continue;
        }
        if (!Object.hasOwn(out, key)) out[key] = decode(value, shape.value, `${path}.${key}.member`, problems);
      }
      return out;
    }
    case 'structure':
      return decodeStructure(node, shape, path, problems);
  }
}

function decodeStructure(node: ParamNode, shape: StructureShape, path: string, problems: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(shape.members)) {
    const child = node.children?.get(name);
    if (child === undefined) continue;
    const value = decode(child, member, at(path, name), problems);
    if (value !== undefined) out[name] = value;
  }
  for (const name of shape.required ?? []) {
    if (!Object.hasOwn(out, name)) problems.push(`Value null at '${at(path, name)}' failed to satisfy constraint: Member must not be null`);
  }
  return out;
}

/** The numbered children of a `member` or `entry` node, in number order; `X=` (no children) is none. */
function positions(node: ParamNode | undefined, path: string, problems: string[]): [number, ParamNode][] {
  const out: [number, ParamNode][] = [];
  for (const [name, child] of node?.children ?? []) {
    const n = /^[1-9][0-9]{0,5}$/.test(name) ? Number(name) : 0;
    if (n < 1 || n > MAX_INDEX) {
      problems.push(`Value '${shorten(name)}' at '${path}' failed to satisfy constraint: Member positions must be whole numbers from 1`);
      continue;
    }
    out.push([n, child]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}
