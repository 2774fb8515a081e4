// The order resources are created in: a resource after every resource it names through Ref, Fn::GetAtt,
// Fn::Sub or DependsOn (SEMANTICS.md H.2), with CloudFormation's error for a cycle.
import { subVariables } from './intrinsics.js';
import { childPointer, type SourceMap } from './source-map.js';

/**
 * The names a value refers to (Ref targets, GetAtt ids, Sub variables), in every Fn::If branch, each
 * with the pointer of its first reference.
 */
export function referencedNames(value: unknown, pointer: string, names = new Map<string, string>()): Map<string, string> {
  const add = (name: string, at: string) => {
    if (!names.has(name)) names.set(name, at);
  };
  if (Array.isArray(value)) {
    value.forEach((item, i) => referencedNames(item, childPointer(pointer, i), names));
    return names;
  }
  if (value === null || typeof value !== 'object') return names;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1) {
    const key = keys[0]!;
    const argument = record[key];
    const at = childPointer(pointer, key);
    if (key === 'Ref' && typeof argument === 'string') add(argument, at);
    if (key === 'Fn::GetAtt') {
      if (Array.isArray(argument) && typeof argument[0] === 'string') add(argument[0], at);
      if (typeof argument === 'string') add(argument.split('.')[0]!, at);
    }
    if (key === 'Fn::Sub') {
      const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
      const own = variables !== null && typeof variables === 'object' ? new Set(Object.keys(variables)) : new Set<string>();
      if (typeof text === 'string') {
        for (const name of subVariables(text)) if (!own.has(name)) add(name.startsWith('AWS::') ? name : name.split('.')[0]!, at);
      }
    }
  }
  for (const [key, item] of Object.entries(record)) referencedNames(item, childPointer(pointer, key), names);
  return names;
}

export interface Dependent {
  logicalId: string;
  /** Resources this one needs first (references and DependsOn), among those being created. */
  needs: string[];
}

/**
 * Orders resources so each comes after what it needs, keeping the template's order otherwise.
 * A cycle → `Circular dependency between resources: [A, B]` (CloudFormation's text [O]; it lists the
 * resources of the cycle, here sorted).
 */
export function creationOrder(resources: readonly Dependent[], map: SourceMap): string[] {
  const needs = new Map(resources.map((r) => [r.logicalId, r.needs]));
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): void => {
    const seen = state.get(id);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const cycle = [...new Set(stack.slice(stack.indexOf(id)))].sort();
      throw map.error(`Circular dependency between resources: [${cycle.join(', ')}]`, childPointer('/Resources', cycle[0]!));
    }
    state.set(id, 'visiting');
    stack.push(id);
    for (const need of needs.get(id) ?? []) if (needs.has(need)) visit(need);
    stack.pop();
    state.set(id, 'done');
    order.push(id);
  };
  for (const { logicalId } of resources) visit(logicalId);
  return order;
}
