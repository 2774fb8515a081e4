import type { AttributeValue } from '../values/attribute-value.js';
import type { Path } from './paths.js';

/** The right-hand side of a SET action. Paths are read from the item as it was before the update. */
export type UpdateValue =
  | { kind: 'path'; path: Path }
  | { kind: 'value'; value: AttributeValue }
  | { kind: 'if_not_exists'; path: Path; fallback: UpdateValue }
  | { kind: 'list_append'; left: UpdateValue; right: UpdateValue }
  | { kind: '+' | '-'; left: UpdateValue; right: UpdateValue };

export type UpdateAction =
  | { action: 'SET'; path: Path; value: UpdateValue }
  | { action: 'REMOVE'; path: Path }
  | { action: 'ADD'; path: Path; value: AttributeValue }
  | { action: 'DELETE'; path: Path; value: AttributeValue };

/** A checked update: actions in the order written; their target paths never overlap. */
export interface UpdatePlan {
  actions: UpdateAction[];
  /**
   * Built from legacy AttributeUpdates: ADD may also append to a list, and a type clash reads
   * "Type mismatch for attribute to update" instead of the expression wording.
   */
  legacy?: boolean;
}
