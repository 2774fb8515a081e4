import type { AttributeMap, AttributeValue } from '../values/attribute-value.js';
import { setOwn } from '../values/normalize-value.js';
import { addNumbers } from '../values/number.js';
import { tableErrors } from '../errors.js';
import type { Path, PathElement } from './paths.js';
import { setType, subtractSets, unionSets } from './set-operations.js';
import type { UpdateAction, UpdatePlan } from './update.js';
import { evaluateUpdateValue, incorrectDataType } from './update-values.js';

export interface UpdateResult {
  /** The item after the update (a new object; the input is not modified). */
  item: AttributeMap;
  /**
   * The paths the update wrote or removed, in the order of the actions, for ReturnValues
   * UPDATED_OLD / UPDATED_NEW (project the old or new item on them). A SET beyond the end of a list
   * is reported at the index the element landed on.
   */
  updatedPaths: Path[];
}

type Removal = { parent: AttributeValue; key: PathElement };

/**
 * Applies an update plan to an item (undefined when it does not exist yet), with DynamoDB's
 * semantics: SET values are computed from the old item; list indexes refer to positions before any
 * removal, so SETs and ADD/DELETEs go first and REMOVEs of list elements are applied highest index
 * first; a SET beyond the end of a list appends (several in index order); ADD creates a missing
 * number or set; DELETE of every element removes the attribute; REMOVE of something missing does
 * nothing, and on a missing item nothing at all. Key attributes are not protected here.
 */
export function applyUpdate(plan: UpdatePlan, item: AttributeMap | undefined): UpdateResult {
  const root: AttributeValue = { M: structuredClone(item ?? {}) };
  const written = new Map<UpdateAction, Path>();
  const removals: Removal[] = [];

  const sets = plan.actions.filter((a): a is Extract<UpdateAction, { action: 'SET' }> => a.action === 'SET');
  const values = new Map(sets.map((a) => [a, evaluateUpdateValue(a.value, item)]));
  // Appends land in index order whatever the order written: sort by the final list index.
  const ordered = [...sets].sort((a, b) => lastIndex(a.path) - lastIndex(b.path));
  for (const action of ordered) written.set(action, setAt(root, action.path, structuredClone(values.get(action)!)));

  for (const action of plan.actions) {
    if (action.action === 'ADD') {
      const current = read(root, action.path);
      written.set(action, setAt(root, action.path, added(current, action.value, plan.legacy === true)));
    } else if (action.action === 'DELETE') {
      const current = read(root, action.path);
      if (current === undefined) continue;
      const type = setType(action.value);
      if (type === undefined || setType(current) !== type) throw typeClash(plan);
      const rest = subtractSets(type, current, action.value);
      if (rest === undefined) removals.push(locate(root, action.path)!);
      else setAt(root, action.path, rest);
    } else if (action.action === 'REMOVE' && item !== undefined) {
      const target = locate(root, action.path);
      if (target !== undefined) removals.push(target);
    }
  }
  remove(removals);
  return { item: (root as { M: AttributeMap }).M, updatedPaths: plan.actions.map((a) => written.get(a) ?? a.path) };
}

const lastIndex = (path: Path): number => {
  const last = path[path.length - 1];
  return typeof last === 'number' ? last : -1;
};

const invalidPath = () =>
  tableErrors.validation('The document path provided in the update expression is invalid for update');

const typeClash = (plan: UpdatePlan) =>
  plan.legacy ? tableErrors.validation('Type mismatch for attribute to update') : incorrectDataType();

function child(value: AttributeValue, step: PathElement): AttributeValue | undefined {
  if (typeof step === 'number') return 'L' in value ? value.L[step] : undefined;
  return 'M' in value && Object.hasOwn(value.M, step) ? value.M[step] : undefined;
}

/** The container of the last step of `path`; throws if a step before it is missing or of the wrong type. */
function parentOf(root: AttributeValue, path: Path): AttributeValue {
  let current = root;
  for (let i = 0; i < path.length - 1; i++) {
    const next = child(current, path[i]!);
    if (next === undefined) throw invalidPath();
    current = next;
  }
  const last = path[path.length - 1]!;
  if (typeof last === 'number' ? !('L' in current) : !('M' in current)) throw invalidPath();
  return current;
}

function read(root: AttributeValue, path: Path): AttributeValue | undefined {
  return child(parentOf(root, path), path[path.length - 1]!);
}

/** Where `path` points, or undefined when its last step is absent (removing it is a no-op). */
function locate(root: AttributeValue, path: Path): Removal | undefined {
  const parent = parentOf(root, path);
  const key = path[path.length - 1]!;
  return child(parent, key) === undefined ? undefined : { parent, key };
}

/** Writes `value` at `path`, appending when a list index is past the end; returns where it landed. */
function setAt(root: AttributeValue, path: Path, value: AttributeValue): Path {
  const parent = parentOf(root, path);
  const key = path[path.length - 1]!;
  if (typeof key === 'string') {
    setOwn((parent as { M: AttributeMap }).M, key, value);
    return path;
  }
  const list = (parent as { L: AttributeValue[] }).L;
  if (key < list.length) {
    list[key] = value;
    return path;
  }
  list.push(value);
  return [...path.slice(0, -1), list.length - 1];
}

function added(current: AttributeValue | undefined, value: AttributeValue, legacy: boolean): AttributeValue {
  if ('N' in value) {
    if (current === undefined) return { N: addNumbers('0', value.N) };
    if (!('N' in current)) throw legacy ? tableErrors.validation('Type mismatch for attribute to update') : incorrectDataType();
    return { N: addNumbers(current.N, value.N) };
  }
  const type = setType(value);
  if (type !== undefined) {
    if (current === undefined) return structuredClone(value);
    if (setType(current) !== type) throw legacy ? tableErrors.validation('Type mismatch for attribute to update') : incorrectDataType();
    return unionSets(type, current, value);
  }
  // Only legacy AttributeUpdates can ADD a list (the expression parser refuses it): it appends.
  if ('L' in value && legacy) {
    if (current === undefined) return structuredClone(value);
    if (!('L' in current)) throw tableErrors.validation('Type mismatch for attribute to update');
    return { L: [...current.L, ...structuredClone(value.L)] };
  }
  throw legacy ? tableErrors.validation('Type mismatch for attribute to update') : incorrectDataType();
}

/** Deletes map keys, then list elements per list from the highest index down. */
function remove(removals: Removal[]): void {
  const byIndex = [...removals].sort(
    (a, b) => (typeof b.key === 'number' ? b.key : -1) - (typeof a.key === 'number' ? a.key : -1),
  );
  for (const { parent, key } of byIndex) {
    if (typeof key === 'number') (parent as { L: AttributeValue[] }).L.splice(key, 1);
    else delete (parent as { M: AttributeMap }).M[key];
  }
}
