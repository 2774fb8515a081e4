import type { AttributeType, AttributeValue } from '../values/attribute-value.js';
import { typeOf } from '../values/attribute-value.js';
import { compareValues } from '../values/compare.js';
import type { Condition, Operand } from './condition.js';
import { describeValue, ErrorCollector } from './expression-errors.js';
import type { ExpressionKind } from './expression-errors.js';
import {
  functionNameError,
  misusedFunctionError,
  operandCountError,
  operandTypeError,
  requiresPathError,
  reservedWordError,
  undefinedValueError,
} from './functions.js';
import { resolvePath } from './path-parser.js';
import { formatPath, samePath } from './paths.js';
import type { RawNode, RawOperand } from './raw-condition.js';
import type { ExpressionScope } from './scope.js';

type Category = 'parens' | 'unknownFunction' | 'misusedFunction' | 'reserved' | 'condition';
type Local = 'attrNameVal' | 'operand' | 'distinct' | 'function';

/**
 * DynamoDB's priority among condition errors: redundant parentheses, unknown functions, misused
 * functions and reserved words anywhere in the expression come first; then the first elementary
 * condition (left to right) with a problem reports, in its own order, an undefined placeholder, a
 * wrong operand count, a repeated path, or an operand type.
 */
const ORDER: readonly Category[] = ['parens', 'unknownFunction', 'misusedFunction', 'reserved', 'condition'];
const LOCAL_ORDER: readonly Local[] = ['attrNameVal', 'operand', 'distinct', 'function'];

const ARITY: Readonly<Record<string, number>> = {
  attribute_exists: 1,
  attribute_not_exists: 1,
  attribute_type: 2,
  begins_with: 2,
  contains: 2,
  size: 1,
};
const ATTRIBUTE_TYPES: ReadonlySet<string> = new Set(['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL']);
const ORDERED_TYPES: ReadonlySet<string> = new Set(['S', 'N', 'B']);
const PLACEHOLDER: AttributeValue = { NULL: true };

/**
 * Checks a condition's syntax tree the way DynamoDB does and converts it to a `Condition`, resolving its
 * placeholders through `scope`. Reads the tree, never changes it: a kept tree serves many requests.
 */
export function checkCondition(root: RawNode, redundantParens: boolean, kind: ExpressionKind, scope: ExpressionScope): Condition {
  const checker = new ConditionChecker(kind, scope);
  if (redundantParens) checker.errors.record('parens', 'The expression has redundant parentheses;');
  const condition = checker.condition(root);
  checker.errors.throwFirst(ORDER, kind);
  return condition;
}

class ConditionChecker {
  readonly errors = new ErrorCollector<Category>();
  /** The errors of the elementary condition being checked, cleared after each. */
  readonly #local = new ErrorCollector<Local>();
  readonly #kind: ExpressionKind;
  readonly #scope: ExpressionScope;

  constructor(kind: ExpressionKind, scope: ExpressionScope) {
    this.#kind = kind;
    this.#scope = scope;
  }

  condition(node: RawNode): Condition {
    switch (node.kind) {
      case 'and':
      case 'or':
        return { kind: node.kind, left: this.condition(node.left), right: this.condition(node.right) };
      case 'not':
        return { kind: 'not', condition: this.condition(node.operand) };
      default: {
        // An elementary condition reports its first error in its own order (no closure a node: a kept
        // tree is checked on every request).
        const local = this.#local;
        const condition = this.#elementary(node, local);
        const message = local.first(LOCAL_ORDER);
        if (message !== undefined) this.errors.record('condition', message);
        local.clear();
        return condition;
      }
    }
  }

  #elementary(node: RawNode, local: ErrorCollector<Local>): Condition {
    switch (node.kind) {
      case 'call':
        return this.#functionCondition(node, local);
      case 'compare': {
        const left = this.#operand(node.left, local);
        const right = this.#operand(node.right, local);
        const operands = [left, right];
        this.#checkDistinct(node.op, operands, local);
        if (node.op !== '=' && node.op !== '<>') this.#checkOrdered(node.op, operands, local);
        return { kind: 'compare', op: node.op, left, right };
      }
      case 'between': {
        const operand = this.#operand(node.operand, local);
        const lower = this.#operand(node.lower, local);
        const upper = this.#operand(node.upper, local);
        this.#checkOrdered('BETWEEN', [operand, lower, upper], local);
        if (lower.kind === 'value' && upper.kind === 'value') this.#checkBounds(lower.value, upper.value, local);
        return { kind: 'between', operand, lower, upper, source: this.#kind };
      }
      case 'in': {
        const operand = this.#operand(node.operand, local);
        const candidates: Operand[] = [];
        for (let i = 0; i < node.candidates.length; i++) candidates.push(this.#operand(node.candidates[i]!, local));
        return { kind: 'in', operand, candidates };
      }
      default:
        throw new Error(`bare operand in condition position: ${node.kind}`); // the parser rejects these
    }
  }

  #functionCondition(call: Extract<RawOperand, { kind: 'call' }>, local: ErrorCollector<Local>): Condition {
    const args = call.args.map((a) => this.#operand(a, local));
    const nameError = functionNameError(call.name, 'condition');
    if (nameError !== undefined) {
      this.errors.record('unknownFunction', nameError);
      return { kind: 'attribute_exists', path: [call.name] };
    }
    if (call.name === 'size') {
      this.errors.record('misusedFunction', misusedFunctionError('size'));
      return { kind: 'attribute_exists', path: [call.name] };
    }
    if (args.length !== ARITY[call.name]) {
      local.record('operand', operandCountError(call.name, args.length));
      return { kind: 'attribute_exists', path: [call.name] };
    }
    this.#checkDistinct(call.name, args, local);
    const [first, second] = args as [Operand, Operand];
    switch (call.name) {
      case 'attribute_exists':
      case 'attribute_not_exists':
        if (first.kind !== 'path') local.record('function', requiresPathError(call.name));
        return { kind: call.name, path: first.kind === 'path' ? first.path : [] };
      case 'attribute_type':
        return { kind: 'attribute_type', path: this.#typeConditionPath(first, local), type: this.#typeName(second, local) };
      case 'begins_with':
        for (const arg of args) {
          const type = staticType(arg);
          if (type !== undefined && type !== 'S' && type !== 'B') local.record('function', operandTypeError(call.name, type));
        }
        return { kind: 'begins_with', operand: first, prefix: second };
      default:
        return { kind: 'contains', operand: first, value: second };
    }
  }

  #typeConditionPath(first: Operand, local: ErrorCollector<Local>): readonly (string | number)[] {
    if (first.kind === 'path') return first.path;
    local.record('function', requiresPathError('attribute_type'));
    return [];
  }

  #typeName(operand: Operand, local: ErrorCollector<Local>): AttributeType {
    const type = staticType(operand);
    if (type !== 'S' || operand.kind !== 'value') {
      // A non-literal type argument is reported with the set of types it could have had (observed).
      local.record('function', operandTypeError('attribute_type', type ?? '{NS,SS,L,BS,N,M,B,BOOL,NULL,S}'));
      return 'NULL';
    }
    const name = (operand.value as { S: string }).S;
    if (!ATTRIBUTE_TYPES.has(name)) {
      local.record('function', `Invalid attribute type name found; type: ${name}, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}`);
      return 'NULL';
    }
    return name as AttributeType;
  }

  #operand(raw: RawOperand, local: ErrorCollector<Local>): Operand {
    switch (raw.kind) {
      case 'path':
        // Indexed: a kept tree is frozen, and for-of over a frozen array allocates its iterator results.
        for (let i = 0; i < raw.parsed.reserved.length; i++) this.errors.record('reserved', reservedWordError(raw.parsed.reserved[i]!));
        return { kind: 'path', path: resolvePath(raw.parsed.path, this.#scope, local, 'attrNameVal') };
      case 'value': {
        const value = this.#scope.value(raw.ref);
        if (value === undefined) local.record('attrNameVal', undefinedValueError(raw.ref));
        return { kind: 'value', value: value ?? PLACEHOLDER };
      }
      case 'call': {
        const args = raw.args.map((a) => this.#operand(a, local));
        const nameError = functionNameError(raw.name, 'condition');
        if (nameError !== undefined) {
          this.errors.record('unknownFunction', nameError);
        } else if (raw.name !== 'size') {
          this.errors.record('misusedFunction', misusedFunctionError(raw.name));
        } else if (args.length !== 1) {
          local.record('operand', operandCountError('size', args.length));
        } else {
          const type = staticType(args[0]!);
          if (type === 'N' || type === 'BOOL' || type === 'NULL') local.record('function', operandTypeError('size', type));
          return { kind: 'size', operand: args[0]! };
        }
        return { kind: 'value', value: PLACEHOLDER };
      }
    }
  }

  /** The first operand, a path, must differ from the others once the request's names are in (`#a = #b`). */
  #checkDistinct(operator: string, operands: readonly Operand[], local: ErrorCollector<Local>): void {
    const first = operands[0]!;
    if (first.kind !== 'path') return;
    for (let i = 1; i < operands.length; i++) {
      const other = operands[i]!;
      if (other.kind === 'path' && samePath(first.path, other.path)) {
        local.record(
          'distinct',
          `The first operand must be distinct from the remaining operands for this operator or function; operator: ${operator}, first operand: ${formatPath(first.path)}`,
        );
        return;
      }
    }
  }

  /** Literals compared by order must be S, N or B (a list literal is an error, a list attribute is just false). */
  #checkOrdered(operator: string, operands: Operand[], local: ErrorCollector<Local>): void {
    for (const operand of operands) {
      const type = staticType(operand);
      if (type !== undefined && !ORDERED_TYPES.has(type)) local.record('function', operandTypeError(operator, type));
    }
  }

  #checkBounds(lower: AttributeValue, upper: AttributeValue, local: ErrorCollector<Local>): void {
    // The bounds are written out only for a message: describing them on every request took 0.4 KB.
    if (typeOf(lower) !== typeOf(upper)) {
      local.record('function', `The BETWEEN operator requires same data type for lower and upper bounds; ${describeBounds(lower, upper)}`);
    } else if ((compareValues(lower, upper) ?? 0) > 0) {
      local.record('function', `The BETWEEN operator requires upper bound to be greater than or equal to lower bound; ${describeBounds(lower, upper)}`);
    }
  }
}

function describeBounds(lower: AttributeValue, upper: AttributeValue): string {
  return `lower bound operand: ${describeValue(lower)}, upper bound operand: ${describeValue(upper)}`;
}

/** The type an operand is known to have before evaluation: a literal's, or N for size(). */
function staticType(operand: Operand): string | undefined {
  if (operand.kind === 'value') return typeOf(operand.value);
  if (operand.kind === 'size') return 'N';
  return undefined;
}
