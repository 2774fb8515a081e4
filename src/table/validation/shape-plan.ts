import type { Shape, StructureShape } from './shape.js';

/**
 * What the checker needs to know about a shape, worked out once per shape object instead of on every
 * request: a structure's members as an ordered list and by name, and whether a value of the shape can
 * violate any constraint at all. Request checking is on every item operation's hot path, and an item's
 * AttributeValues (the bulk of a PutItem body) carry no constraints of their own.
 */

export type MemberEntry = readonly [name: string, shape: Shape];

interface StructurePlan {
  readonly entries: readonly MemberEntry[];
  readonly byName: ReadonlyMap<string, Shape>;
}

const structurePlans = new WeakMap<StructureShape, StructurePlan>();
const checkNeeds = new WeakMap<Shape, boolean>();

function structurePlan(shape: StructureShape): StructurePlan {
  let plan = structurePlans.get(shape);
  if (plan === undefined) {
    const entries = Object.entries(shape.members());
    plan = { entries, byName: new Map(entries) };
    structurePlans.set(shape, plan);
  }
  return plan;
}

/** The members of a structure in shape order (the order DynamoDB reports errors in). */
export const memberEntries = (shape: StructureShape): readonly MemberEntry[] => structurePlan(shape).entries;

/** The member shape called `name`, if the structure has one. */
export const memberNamed = (shape: StructureShape, name: string): Shape | undefined => structurePlan(shape).byName.get(name);

/**
 * Whether a present value of `shape` can fail a constraint: the shape or anything inside it has a
 * bound, pattern, enum or not-null member. False lets the checker skip the value's whole subtree.
 */
export function mayViolate(shape: Shape): boolean {
  let needs = checkNeeds.get(shape);
  if (needs === undefined) {
    needs = reachesConstraint(shape, new Set());
    checkNeeds.set(shape, needs);
  }
  return needs;
}

/** Depth-first search for a constrained shape; a shape already on the path adds nothing new (recursive AttributeValue). */
function reachesConstraint(shape: Shape, visiting: Set<Shape>): boolean {
  if (visiting.has(shape)) return false;
  visiting.add(shape);
  switch (shape.kind) {
    case 'string':
      return shape.pattern !== undefined || shape.enum !== undefined || shape.orTableArn === true || hasLength(shape);
    case 'integer':
    case 'long':
    case 'double':
      return shape.min !== undefined || shape.max !== undefined;
    case 'boolean':
      return false;
    case 'blob':
      return hasLength(shape);
    case 'list':
      return hasLength(shape) || childMayViolate(shape.member, visiting);
    case 'map':
      return hasLength(shape) || shape.keys !== undefined || shape.values !== undefined || childMayViolate(shape.value, visiting);
    case 'structure':
      return memberEntries(shape).some(([, member]) => childMayViolate(member, visiting));
  }
}

const childMayViolate = (shape: Shape, visiting: Set<Shape>): boolean =>
  shape.notNull === true || reachesConstraint(shape, visiting);

const hasLength = (shape: { minLength?: number; maxLength?: number }): boolean =>
  shape.minLength !== undefined || shape.maxLength !== undefined;
