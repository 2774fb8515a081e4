import { typeOf } from '../values/attribute-value.js';
import type { AttributeValue } from '../values/attribute-value.js';
import { ErrorCollector, LONG_TYPE_NAMES } from './expression-errors.js';
import { checkExpressionText, checkOperatorCount } from './expression-text.js';
import {
  functionNameError,
  misusedFunctionError,
  operandCountError,
  operandTypeError,
  requiresPathError,
  reservedWordError,
  undefinedValueError,
} from './functions.js';
import { ParseCache } from './parse-cache.js';
import { resolvePath, type ParsedPath } from './path-parser.js';
import { findPathClash, formatPath, type Path } from './paths.js';
import type { RawOperand } from './raw-condition.js';
import type { ExpressionScope } from './scope.js';
import type { UpdateAction, UpdatePlan, UpdateValue } from './update.js';
import { isArithmetic, parseUpdateSyntax } from './update-syntax.js';
import type { RawSetValue, UpdateSyntax } from './update-syntax.js';

type Category =
  | 'reserved'
  | 'unknownFunction'
  | 'section'
  | 'attrName'
  | 'attrVal'
  | 'pathOverlap'
  | 'pathConflict'
  | 'operand'
  | 'function';

/** DynamoDB's priority among update-expression errors (category first, then position). */
const ORDER: readonly Category[] = [
  'reserved',
  'unknownFunction',
  'section',
  'attrName',
  'attrVal',
  'pathOverlap',
  'pathConflict',
  'operand',
  'function',
];
const PLACEHOLDER: AttributeValue = { NULL: true };
const ARITY: Readonly<Record<string, number>> = { if_not_exists: 2, list_append: 2 };

/**
 * UpdateExpression texts whose syntax is kept (256 of at most 512 characters). As with conditions
 * (condition-parser.ts), the tree holds placeholders as written and every check of the request's names
 * and values (placeholders defined, operand types, paths overlapping once names are in) runs on each
 * request, kept tree or not.
 */
export const UPDATE_TEXTS = 256;
export const KEPT_UPDATE_LENGTH = 512;
const syntaxes = new ParseCache<UpdateSyntax>(UPDATE_TEXTS, KEPT_UPDATE_LENGTH);

/**
 * Parses an UpdateExpression into a plan, resolving placeholders through `scope`. Throws DynamoDB's
 * ValidationException (`Invalid UpdateExpression: …`) for syntax errors, repeated clauses,
 * overlapping or conflicting paths, and operands whose type is wrong before the item is read.
 */
export function parseUpdate(text: string, scope: ExpressionScope): UpdatePlan {
  const syntax = syntaxes.parse(text, undefined, parseSyntax);
  const errors = new ErrorCollector<Category>();
  if (syntax.repeatedSection !== undefined) {
    errors.record('section', `The "${syntax.repeatedSection}" section can only be used once in an update expression;`);
  }
  const checker = new UpdateChecker(errors, scope);
  const actions = syntax.actions.map((raw): UpdateAction => {
    const path = checker.path(raw.target);
    switch (raw.action) {
      case 'SET':
        return { action: 'SET', path, value: checker.setValue(raw.value) };
      case 'REMOVE':
        return { action: 'REMOVE', path };
      default:
        return { action: raw.action, path, value: checker.actionValue(raw.action, raw.ref) };
    }
  });
  const clash = findPathClash(actions.map((a) => a.path));
  if (clash !== undefined) {
    errors.record(
      clash.kind === 'overlap' ? 'pathOverlap' : 'pathConflict',
      `Two document paths ${clash.kind} with each other; must remove or rewrite one of these paths; path one: ${formatPath(clash.first)}, path two: ${formatPath(clash.second)}`,
    );
  }
  errors.throwFirst(ORDER, 'UpdateExpression');
  syntaxes.keep(text, syntax);
  return { actions };
}

/** How many update texts are kept (for tests). */
export function keptUpdates(): number {
  return syntaxes.size;
}

/** Whether `text`'s syntax is kept (for tests). */
export function isUpdateKept(text: string): boolean {
  return syntaxes.has(text);
}

/** The checks and the parse that depend on the text alone. */
function parseSyntax(text: string): UpdateSyntax {
  checkExpressionText('UpdateExpression', text);
  const syntax = parseUpdateSyntax(text);
  checkOperatorCount('UpdateExpression', syntax.operators);
  return syntax;
}

/** The checks of a syntax tree against one request's placeholders; reads the tree, never changes it. */
class UpdateChecker {
  readonly #errors: ErrorCollector<Category>;
  readonly #scope: ExpressionScope;

  constructor(errors: ErrorCollector<Category>, scope: ExpressionScope) {
    this.#errors = errors;
    this.#scope = scope;
  }

  path(parsed: ParsedPath): Path {
    // Indexed: a kept tree is frozen, and for-of over a frozen array allocates its iterator results.
    for (let i = 0; i < parsed.reserved.length; i++) this.#errors.record('reserved', reservedWordError(parsed.reserved[i]!));
    return resolvePath(parsed.path, this.#scope, this.#errors, 'attrName');
  }

  /** ADD takes a number or a set, DELETE a set: anything else is refused before the item is read. */
  actionValue(action: 'ADD' | 'DELETE', ref: string): AttributeValue {
    const value = this.#scope.value(ref);
    if (value === undefined) {
      this.#errors.record('attrVal', undefinedValueError(ref));
      return PLACEHOLDER;
    }
    const type = typeOf(value);
    const name = LONG_TYPE_NAMES[type];
    if (name !== undefined && !(action === 'ADD' && type === 'N')) {
      this.#errors.record(
        'operand',
        `Incorrect operand type for operator or function; operator: ${action}, operand type: ${name}`,
      );
    }
    return value;
  }

  setValue(raw: RawSetValue): UpdateValue {
    if (!isArithmetic(raw)) return this.#operand(raw, undefined);
    const left = this.#operand(raw.left, undefined);
    const right = this.#operand(raw.right, undefined);
    for (const operand of [left, right]) {
      if (operand.kind === 'value' && !('N' in operand.value)) {
        this.#errors.record('function', operandTypeError(raw.kind, typeOf(operand.value)));
      }
    }
    return { kind: raw.kind, left, right };
  }

  #operand(raw: RawOperand, parent: string | undefined): UpdateValue {
    switch (raw.kind) {
      case 'path':
        return { kind: 'path', path: this.path(raw.parsed) };
      case 'value': {
        const value = this.#scope.value(raw.ref);
        if (value === undefined) this.#errors.record('attrVal', undefinedValueError(raw.ref));
        return { kind: 'value', value: value ?? PLACEHOLDER };
      }
      case 'call':
        return this.#call(raw, parent);
    }
  }

  #call(call: Extract<RawOperand, { kind: 'call' }>, parent: string | undefined): UpdateValue {
    const args = call.args.map((a) => this.#operand(a, call.name));
    const nameError = functionNameError(call.name, 'update');
    if (nameError !== undefined) {
      this.#errors.record('unknownFunction', nameError);
      return { kind: 'value', value: PLACEHOLDER };
    }
    if (args.length !== ARITY[call.name]) {
      this.#errors.record('function', operandCountError(call.name, args.length));
      return { kind: 'value', value: PLACEHOLDER };
    }
    const [first, second] = args as [UpdateValue, UpdateValue];
    if (call.name === 'if_not_exists') {
      if (first.kind !== 'path') {
        this.#errors.record('function', requiresPathError('if_not_exists'));
        return { kind: 'value', value: PLACEHOLDER };
      }
      return { kind: 'if_not_exists', path: first.path, fallback: second };
    }
    // DynamoDB refuses list_append(list_append(…), …) although it parses (observed, reason unknown).
    if (parent === 'list_append') this.#errors.record('function', misusedFunctionError('list_append'));
    for (const arg of args) {
      if (arg.kind === 'value' && !('L' in arg.value)) {
        this.#errors.record('function', operandTypeError('list_append', typeOf(arg.value)));
      }
    }
    return { kind: 'list_append', left: first, right: second };
  }
}
