import { setOwn } from '../shared/set-own.js';
import { busErrors } from './bus-errors.js';

/** EventBridge's quota on a bus's resource policy, in characters. */
const MAX_POLICY_LENGTH = 10_240;

/** What PutPermission grants, as its parameters say it. */
export interface Grant {
  readonly sid: string;
  readonly action: string;
  /** A 12-digit account or `*`. */
  readonly principal: string;
  readonly condition?: { readonly Type: string; readonly Key: string; readonly Value: string };
  /** The bus's ARN. */
  readonly resource: string;
}

/**
 * The statement PutPermission writes, member order as observed: `{Sid, Effect, Principal, Action,
 * Resource}`, the principal `"*"` or `{"AWS": "arn:aws:iam::<account>:root"}`; a condition becomes
 * `{"<Type>": {"<Key>": "<Value>"}}` (its place in the statement unconfirmed).
 */
function statementOf(grant: Grant): Record<string, unknown> {
  const statement: Record<string, unknown> = {
    Sid: grant.sid,
    Effect: 'Allow',
    Principal: grant.principal === '*' ? '*' : { AWS: `arn:aws:iam::${grant.principal}:root` },
    Action: grant.action,
    Resource: grant.resource,
  };
  if (grant.condition) {
    const test: Record<string, string> = {};
    setOwn(test, grant.condition.Key, grant.condition.Value);
    const condition: Record<string, unknown> = {};
    setOwn(condition, grant.condition.Type, test);
    statement['Condition'] = condition;
  }
  return statement;
}

/** The statements of a stored policy (one given whole may have none, or a single statement object). */
function statementsOf(policy: string | undefined): Record<string, unknown>[] {
  if (policy === undefined) return [];
  const parsed = JSON.parse(policy) as { Statement?: unknown };
  const statements = parsed.Statement;
  if (Array.isArray(statements)) return statements as Record<string, unknown>[];
  return statements !== null && typeof statements === 'object' ? [statements as Record<string, unknown>] : [];
}

const policyText = (statements: readonly Record<string, unknown>[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** The policy after PutPermission's grant: a statement with the same Sid is replaced in place (AWS's handling of a repeated StatementId is unconfirmed), else one is added. */
export function withGrant(policy: string | undefined, grant: Grant): string {
  const statement = statementOf(grant);
  const statements = statementsOf(policy);
  const at = statements.findIndex((s) => s['Sid'] === grant.sid);
  if (at === -1) statements.push(statement);
  else statements[at] = statement;
  return checkLength(policyText(statements));
}

/** A policy given whole (PutPermission's Policy): it must be a JSON object (moto's wording, unconfirmed). */
export function wholePolicy(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw busErrors.validation('This policy contains invalid Json');
  return checkLength(text);
}

/** The policy without statement `sid` (undefined when none is left), or ResourceNotFoundException. */
export function withoutStatement(policy: string | undefined, sid: string): string | undefined {
  const statements = statementsOf(policy);
  const kept = statements.filter((s) => s['Sid'] !== sid);
  if (kept.length === statements.length) throw busErrors.statementNotFound();
  return kept.length === 0 ? undefined : policyText(kept);
}

function checkLength(policy: string): string {
  if (policy.length > MAX_POLICY_LENGTH) throw busErrors.policyTooLong();
  return policy;
}
