import { typeOf, type AttributeValue } from '../values/attribute-value.js';
import { compareValues } from '../values/compare.js';
import { parseConditionTree } from './condition-parser.js';
import { keyConditionTerms, type ComparisonOperator, type KeyConditionTerm } from './key-condition.js';
import type { RawNode, RawOperand } from './raw-condition.js';
import type { ExpressionScope } from './scope.js';
import { ParseCache } from './parse-cache.js';

/**
 * KeyConditionExpression's terms, the parse and its checks kept by the expression's text: a client sends
 * the same few key conditions with new values, and parsing one allocated about 6 KB a Query
 * (docs/benchmarks.md, "Query's allocation, second pass").
 *
 * What is kept depends on the text alone: which attribute each term names (a bare name, or the `#name`
 * placeholder to resolve), its operator, and the `:value` placeholders it compares with. A text is kept
 * only once it parsed and checked without error, so an invalid expression is parsed afresh every time
 * and fails as it always did. A kept text's every use resolves its placeholders through the request's
 * own scope (marking them used, as the parser does) and repeats the checks that depend on them — names
 * defined and naming different attributes, values defined and of a type the operator takes, BETWEEN's
 * bounds in order; if any would fail, the text is parsed afresh so that the error is DynamoDB's own,
 * ranked as the full checks rank it. Binding the terms to the table's or index's key schema happens
 * later, per request (bindKeyCondition), so nothing kept depends on a table.
 */

/** How the full checks treat a term's values (condition-checks.ts). */
type ValueCheck = 'equal' | 'ordered' | 'between' | 'prefix';

interface TermTemplate {
  /** The attribute: a bare name, or the `#name` placeholder naming it. */
  readonly name: string;
  readonly nameRef: boolean;
  readonly op: ComparisonOperator;
  readonly check: ValueCheck;
  readonly valueRefs: readonly string[];
}

/** Texts kept at most (256 texts of at most 4 KB: 1 MB at worst); see SecondChanceCache for which goes. */
export const KEY_CONDITION_TEXTS = 256;
const kept = new ParseCache<readonly TermTemplate[]>(KEY_CONDITION_TEXTS);

/** The terms of a KeyConditionExpression (see `keyConditionTerms`), resolved through `scope`. */
export function keyConditionTermsOf(text: string, scope: ExpressionScope): KeyConditionTerm[] {
  const template = kept.get(text);
  if (template !== undefined) {
    const terms = bindTemplate(template, scope);
    if (terms !== undefined) return terms;
  }
  const { condition, root } = parseConditionTree(text, scope, 'KeyConditionExpression');
  const terms = keyConditionTerms(condition);
  if (template === undefined) keep(text, root, terms);
  return terms;
}

/** How many texts are kept (for tests). */
export function keptKeyConditions(): number {
  return kept.size;
}

/** Whether `text` is kept (for tests). */
export function isKeyConditionKept(text: string): boolean {
  return kept.has(text);
}

function keep(text: string, root: RawNode, terms: readonly KeyConditionTerm[]): void {
  const template: TermTemplate[] = [];
  if (!collect(root, terms, template) || template.length !== terms.length) return;
  kept.keep(text, template);
}

/** The templates of a checked condition's terms, in keyConditionTerms' order; false for a shape not foreseen. */
function collect(node: RawNode, terms: readonly KeyConditionTerm[], template: TermTemplate[]): boolean {
  switch (node.kind) {
    case 'and':
      return collect(node.left, terms, template) && collect(node.right, terms, template);
    case 'compare':
      return addTemplate(node.op === '=' ? 'equal' : 'ordered', [node.left, node.right], terms, template);
    case 'between':
      return addTemplate('between', [node.operand, node.lower, node.upper], terms, template);
    case 'call':
      return node.name === 'begins_with' && addTemplate('prefix', node.args, terms, template);
    default:
      return false;
  }
}

function addTemplate(check: ValueCheck, operands: readonly RawOperand[], terms: readonly KeyConditionTerm[], template: TermTemplate[]): boolean {
  const term = terms[template.length];
  let path: Extract<RawOperand, { kind: 'path' }> | undefined;
  const valueRefs: string[] = [];
  for (const operand of operands) {
    if (operand.kind === 'path' && path === undefined && operand.parsed.path.length === 1) path = operand;
    else if (operand.kind === 'value') valueRefs.push(operand.ref);
    else return false;
  }
  if (term === undefined || path === undefined || valueRefs.length !== term.values.length) return false;
  const token = path.parsed.token;
  template.push({ name: token.text, nameRef: token.type === 'nameRef', op: term.op, check, valueRefs });
  return true;
}

/** The terms of a kept text with this request's placeholders; undefined where the full checks would fail. */
function bindTemplate(template: readonly TermTemplate[], scope: ExpressionScope): KeyConditionTerm[] | undefined {
  const terms: KeyConditionTerm[] = [];
  // Indexed loops: the template is frozen, and for-of over a frozen array allocated its iterator results.
  for (let t = 0; t < template.length; t++) {
    const term = template[t]!;
    const name = term.nameRef ? scope.name(term.name) : term.name;
    if (name === undefined) return undefined;
    for (const other of terms) if (other.name === name) return undefined;
    const values: AttributeValue[] = [];
    for (let v = 0; v < term.valueRefs.length; v++) {
      const value = scope.value(term.valueRefs[v]!);
      if (value === undefined) return undefined;
      values.push(value);
    }
    if (!valuesPass(term.check, values)) return undefined;
    terms.push({ name, op: term.op, values });
  }
  return terms;
}

/** The checks condition-checks.ts makes of literal operands: ordered types, begins_with's types, BETWEEN's bounds. */
function valuesPass(check: ValueCheck, values: readonly AttributeValue[]): boolean {
  switch (check) {
    case 'equal':
      return true;
    case 'ordered':
      return allOf(values, ORDERED_TYPES);
    case 'prefix':
      return allOf(values, PREFIX_TYPES);
    case 'between': {
      const [lower, upper] = values as [AttributeValue, AttributeValue];
      if (!ORDERED_TYPES.has(typeOf(lower)) || !ORDERED_TYPES.has(typeOf(upper)) || typeOf(lower) !== typeOf(upper)) return false;
      return (compareValues(lower, upper) ?? 0) <= 0;
    }
  }
}

function allOf(values: readonly AttributeValue[], types: ReadonlySet<string>): boolean {
  for (const value of values) if (!types.has(typeOf(value))) return false;
  return true;
}

const ORDERED_TYPES: ReadonlySet<string> = new Set(['S', 'N', 'B']);
const PREFIX_TYPES: ReadonlySet<string> = new Set(['S', 'B']);
