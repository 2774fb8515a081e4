import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkInput } from './check-input.js';
import { expectedShape } from './common-shapes.js';
import { putItemShape } from './put-item.js';
import { mayViolate, memberEntries, memberNamed } from './shape-plan.js';
import { attributeMap, attributeValueShape, list, map, string, structure, type StructureShape } from './shape.js';

describe('shape plans', () => {
  it('list structure members in shape order and by name', () => {
    assert.deepEqual(
      memberEntries(putItemShape).map(([name]) => name).slice(0, 3),
      ['ReturnConsumedCapacity', 'TableName', 'Item'],
    );
    assert.equal(memberNamed(attributeValueShape, 'N')?.kind, 'string');
    assert.equal(memberNamed(attributeValueShape, 'toString'), undefined);
  });

  it('know that attribute values carry no constraints, unlike table names and enums', () => {
    assert.equal(mayViolate(attributeValueShape), false);
    assert.equal(mayViolate(attributeMap({ notNull: true })), false);
    assert.equal(mayViolate(memberNamed(putItemShape, 'TableName')!), true);
    assert.equal(mayViolate(expectedShape()), true);
    assert.equal(mayViolate(map(string(), { keys: { maxLength: 3 } })), true);
  });

  it('find a constraint anywhere in a recursive shape', () => {
    const tree: StructureShape = structure('Tree', () => ({ Children: list(tree), Leaf: map(leaf) }));
    const leaf = structure('Leaf', { Label: string({ maxLength: 3 }) });
    assert.equal(mayViolate(tree), true);
    assert.equal(mayViolate(list(tree)), true);
    const outer = structure('Outer', { Tree: tree });
    assert.throws(
      () => checkInput({ Tree: { Children: [{ Leaf: { x: { Label: 'long' } } }] } }, outer),
      {
        message:
          "1 validation error detected: Value 'long' at 'tree.children.1.member.leaf.x.member.label' failed to satisfy constraint: Member must have length less than or equal to 3",
      },
    );
  });

  it('find a not-null member inside an otherwise unconstrained structure', () => {
    const inner = structure('Inner', { Needed: string({ notNull: true }) });
    assert.equal(mayViolate(list(inner)), true);
    assert.throws(() => checkInput({ Items: [{}] }, structure('Outer', { Items: list(inner) })), {
      message: "1 validation error detected: Value null at 'items.1.member.needed' failed to satisfy constraint: Member must not be null",
    });
  });
});
