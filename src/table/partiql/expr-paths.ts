import type { Path } from '../expressions/index.js';
import type { Expr } from './statement.js';

/** Every attribute path an expression names, in the order written. */
export function pathsIn(expr: Expr): Path[] {
  switch (expr.kind) {
    case 'value':
      return [];
    case 'path':
      return [expr.path];
    case 'call':
      return expr.args.flatMap(pathsIn);
    case 'not':
    case 'is':
      return pathsIn(expr.operand);
    case 'between':
      return [expr.operand, expr.lower, expr.upper].flatMap(pathsIn);
    case 'in':
      return [expr.operand, ...expr.candidates].flatMap(pathsIn);
    default:
      return [...pathsIn(expr.left), ...pathsIn(expr.right)];
  }
}
