import { tableErrors } from '../errors.js';
import type { Path, UpdateAction, UpdatePlan, UpdateValue } from '../expressions/index.js';
import { isKeyAttribute } from '../item-key.js';
import type { TableDefinition } from '../table-definition.js';
import type { AttributeValue } from '../values/attribute-value.js';
import { partiqlErrors } from './partiql-errors.js';
import type { Expr, UpdateClause } from './statement.js';

/**
 * The SET and REMOVE clauses of an UPDATE as the update plan UpdateItem applies: `a = a + 1`,
 * `a = list_append(a, [..])`, values and paths as in an UpdateExpression; `s = set_add(s, <<..>>)`
 * and `s = set_delete(s, <<..>>)` are the expression language's ADD and DELETE of set members.
 */
export function updatePlanOf(definition: TableDefinition, clauses: readonly UpdateClause[]): UpdatePlan {
  const actions = clauses.map((clause): UpdateAction => {
    const name = clause.path[0] as string;
    if (isKeyAttribute(definition, name)) {
      // UpdateItem's message for the same mistake.
      throw tableErrors.validation(`One or more parameter values were invalid: Cannot update attribute ${name}. This attribute is part of the key`);
    }
    if (clause.kind === 'remove') return { action: 'REMOVE', path: clause.path };
    const value = clause.value;
    if (value.kind === 'call' && (value.name === 'set_add' || value.name === 'set_delete')) {
      return { action: value.name === 'set_add' ? 'ADD' : 'DELETE', path: clause.path, value: setMembersOf(clause.path, value) };
    }
    return { action: 'SET', path: clause.path, value: updateValueOf(value) };
  });
  return { actions };
}

/**
 * The members `path = set_add(path, <<…>>)` adds (set_delete: deletes): exactly two arguments, the
 * first the attribute assigned, the second a set, each refused in DynamoDB's words (partiql-errors.ts).
 */
function setMembersOf(path: Path, call: Extract<Expr, { kind: 'call' }>): AttributeValue {
  if (call.args.length !== 2) throw partiqlErrors.setFunctionArguments(call.name, call.at);
  const [first, second] = call.args as [Expr, Expr];
  const same = first.kind === 'path' && first.path.length === path.length && first.path.every((step, i) => step === path[i]);
  if (!same) throw partiqlErrors.setFunctionTarget(call.name, call.at);
  if (second.kind !== 'value' || !('SS' in second.value || 'NS' in second.value || 'BS' in second.value)) {
    throw partiqlErrors.setFunctionMembers(call.name, call.argsAt[0]!);
  }
  return second.value;
}

function updateValueOf(expr: Expr): UpdateValue {
  switch (expr.kind) {
    case 'value':
      return { kind: 'value', value: expr.value };
    case 'path':
      return { kind: 'path', path: expr.path };
    case 'arithmetic':
      return { kind: expr.op, left: updateValueOf(expr.left), right: updateValueOf(expr.right) };
    case 'call':
      if (expr.name === 'list_append' && expr.args.length === 2) {
        return { kind: 'list_append', left: updateValueOf(expr.args[0]!), right: updateValueOf(expr.args[1]!) };
      }
      if (expr.name === 'list_append') throw partiqlErrors.malformed(`list_append takes 2 arguments, given ${expr.args.length}`);
      throw partiqlErrors.unrecognizedFunction(expr.name, expr.at);
    default:
      throw partiqlErrors.unsupportedOperand(`${expr.kind} as the value of SET`);
  }
}
