import type { Condition } from './condition.js';
import { checkCondition } from './condition-checks.js';
import { parseConditionSyntax, type ConditionSyntax } from './condition-syntax.js';
import type { ExpressionKind } from './expression-errors.js';
import { checkExpressionText, checkOperatorCount } from './expression-text.js';
import { ParseCache } from './parse-cache.js';
import type { RawNode } from './raw-condition.js';
import type { ExpressionScope } from './scope.js';

type ConditionKind = 'ConditionExpression' | 'FilterExpression' | 'KeyConditionExpression';

/**
 * Condition texts whose syntax is kept: 256 texts of at most 512 characters (as the token cache); a tree
 * and its tokens take up to 32 KB (`a = :v OR b = :v OR …`), 8 MB at worst; a longer text is parsed every
 * time. The syntax tree holds placeholders as written, so it depends on the text alone; everything that
 * depends on the request's names and values (placeholders defined, operand types, BETWEEN's bounds,
 * distinct operands) is checked afresh by checkCondition on every request, kept tree or not, so each
 * request gets the error it always got. The grammar is the same for the three kinds, which only name
 * themselves in errors, and a kept text had none: one cache serves them all.
 */
export const CONDITION_TEXTS = 256;
export const KEPT_CONDITION_LENGTH = 512;
const syntaxes = new ParseCache<ConditionSyntax>(CONDITION_TEXTS, KEPT_CONDITION_LENGTH);

/**
 * Parses a ConditionExpression or FilterExpression, resolving its placeholders through `scope`.
 * Throws DynamoDB's ValidationException (`Invalid ConditionExpression: …`) for any syntax or
 * semantic error.
 */
export function parseCondition(text: string, scope: ExpressionScope, kind: ConditionKind = 'ConditionExpression'): Condition {
  return parseConditionTree(text, scope, kind).condition;
}

/** `parseCondition`, also returning the syntax tree it checked (placeholders as written: key-condition-cache.ts). */
export function parseConditionTree(text: string, scope: ExpressionScope, kind: ConditionKind): { condition: Condition; root: RawNode } {
  const syntax = syntaxes.parse(text, kind, parseSyntax);
  const condition = checkCondition(syntax.root, syntax.redundantParens, kind, scope);
  syntaxes.keep(text, syntax);
  return { condition, root: syntax.root };
}

/** How many condition texts are kept (for tests). */
export function keptConditions(): number {
  return syntaxes.size;
}

/** Whether `text`'s syntax is kept (for tests). */
export function isConditionKept(text: string): boolean {
  return syntaxes.has(text);
}

/** The checks and the parse that depend on the text alone; throws their errors, named for `kind`. */
function parseSyntax(text: string, kind: ExpressionKind): ConditionSyntax {
  checkExpressionText(kind, text);
  const syntax = parseConditionSyntax(kind, text);
  checkOperatorCount(kind, syntax.operators);
  return syntax;
}
