import type { AttributeValue } from '../values/attribute-value.js';
import { typeOf } from '../values/attribute-value.js';
import { tableErrors } from '../errors.js';
import type { Path } from './paths.js';
import type { UpdateAction, UpdatePlan } from './update.js';

/** A legacy `AttributeUpdates` entry (UpdateItem). */
export interface AttributeValueUpdate {
  Action?: 'PUT' | 'ADD' | 'DELETE';
  Value?: AttributeValue;
}

const INVALID = 'One or more parameter values were invalid: ';
const SET_TYPES = new Set(['SS', 'NS', 'BS']);
const ADDABLE_TYPES = new Set(['N', 'SS', 'NS', 'BS', 'L']);

/**
 * Converts legacy `AttributeUpdates` to an update plan: PUT sets the attribute, DELETE without a value
 * removes it, DELETE with a set removes elements, ADD adds to a number or set (or appends to a list,
 * which only this legacy form allows). Action defaults to PUT.
 */
export function attributeUpdatesPlan(updates: Record<string, AttributeValueUpdate>): UpdatePlan {
  const actions = Object.entries(updates).map(([name, update]): UpdateAction => {
    const action = update.Action ?? 'PUT';
    const value = update.Value;
    const path: Path = [name];
    if (value === undefined) {
      if (action !== 'DELETE') {
        throw tableErrors.validation(`${INVALID}Only DELETE action is allowed when no attribute value is specified`);
      }
      return { action: 'REMOVE', path };
    }
    const type = typeOf(value);
    if (action === 'DELETE') {
      if (!SET_TYPES.has(type)) {
        throw tableErrors.validation(`${INVALID}DELETE action with value is not supported for the type ${type}`);
      }
      return { action: 'DELETE', path, value };
    }
    if (action === 'ADD') {
      if (!ADDABLE_TYPES.has(type)) throw tableErrors.validation(`${INVALID}ADD action is not supported for the type ${type}`);
      return { action: 'ADD', path, value };
    }
    return { action: 'SET', path, value: { kind: 'value', value } };
  });
  return { actions, legacy: true };
}

/** Converts legacy `AttributesToGet` to projection paths, refusing duplicates as DynamoDB does. */
export function attributesToGetProjection(names: readonly string[]): Path[] {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw tableErrors.validation(`${INVALID}Duplicate value in attribute name: ${name}`);
    seen.add(name);
  }
  return names.map((name) => [name]);
}
