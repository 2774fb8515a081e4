// SNS subscription filter policies: SNS's validation (with its messages) and matching, on src/patterns' operators.
import { InvalidEventPatternError, patternAlternatives } from '../../patterns/index.js';
import { InvalidFilterPolicyError } from './invalid-filter-policy-error.js';
import { JsonTokenReader } from './json-token-reader.js';
import { attributeValue, bodyValues, fiveDecimals } from './message-values.js';
import { checkJsonSyntax, checkPolicyGrammar } from './policy-grammar.js';
import { checkPolicyLimits, MAX_POLICY_BYTES } from './policy-limits.js';
import type { Alternative, LeafMatcher } from '../../patterns/index.js';
import type { FilterableMessage } from './message-values.js';

export { InvalidFilterPolicyError } from './invalid-filter-policy-error.js';
export type { FilterableAttribute, FilterableMessage } from './message-values.js';

export type FilterPolicyScope = 'MessageAttributes' | 'MessageBody';

/** The outcome of {@link checkFilterPolicy}; `bare` as in {@link InvalidFilterPolicyError}. */
export type FilterPolicyCheck = { ok: true } | { ok: false; message: string; bare?: boolean };

/** A compiled policy: the `$or`-unfolded alternatives, each a list of (key or dotted path, leaf test). */
export interface FilterPolicyMatcher {
  readonly scope: FilterPolicyScope;
  readonly alternatives: readonly (readonly (readonly [string, LeafMatcher])[])[];
  /** The `{}` policy, taken as no filter at all (unconfirmed: event-ruler would refuse an empty object). */
  readonly everything: boolean;
}

type PolicyObject = Record<string, unknown>;

function isObject(value: unknown): value is PolicyObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function validate(text: string, scope: FilterPolicyScope): PolicyObject {
  // Unconfirmed text: AWS documents the 256 KB limit, not its message.
  if (Buffer.byteLength(text) > MAX_POLICY_BYTES) throw new InvalidFilterPolicyError('Filter policy is too large');
  checkJsonSyntax(new JsonTokenReader(text));
  checkPolicyGrammar(new JsonTokenReader(text));
  const policy = JSON.parse(text) as PolicyObject;
  checkPolicyLimits(policy, scope);
  return policy;
}

/**
 * Validates a FilterPolicy for a scope. The message is AWS's text without the caller's prefix; build the
 * full one with {@link filterPolicyErrorMessage}.
 */
export function checkFilterPolicy(text: string, scope: FilterPolicyScope): FilterPolicyCheck {
  try {
    validate(text, scope);
    return { ok: true };
  } catch (error) {
    if (!(error instanceof InvalidFilterPolicyError)) throw error;
    return error.bare ? { ok: false, message: error.message, bare: true } : { ok: false, message: error.message };
  }
}

/**
 * The whole InvalidParameter message for a refused policy: `Invalid parameter: Attributes Reason: FilterPolicy: …`
 * from Subscribe, `Invalid parameter: FilterPolicy: …` from SetSubscriptionAttributes (§E.5 [O]). The bare
 * scope message follows `Invalid parameter: ` directly [O] (through Subscribe: `… Attributes Reason: `, unconfirmed).
 */
export function filterPolicyErrorMessage(
  problem: { message: string; bare?: boolean },
  via: 'Subscribe' | 'SetSubscriptionAttributes',
): string {
  const prefix = via === 'Subscribe' ? 'Invalid parameter: Attributes Reason: ' : 'Invalid parameter: ';
  return problem.bare ? `${prefix}${problem.message}` : `${prefix}FilterPolicy: ${problem.message}`;
}

/** Rounds every number of a policy's rule arrays to 5 decimals, as messages' numbers are (see fiveDecimals). */
function roundPolicy(value: unknown): unknown {
  if (typeof value === 'number') return fiveDecimals(value);
  if (Array.isArray(value)) return value.map(roundPolicy);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, roundPolicy(inner)]));
  return value;
}

/**
 * Validates and compiles a policy once; each leaf's conditions are compiled by src/patterns (the one
 * implementation of prefix, suffix, equals-ignore-case, anything-but, numeric, exists and cidr). Missing keys
 * follow §E.5 [O]: a message without the key matches only `exists: false` (`[null, {"anything-but": …}]`
 * does not match it).
 * @throws {@link InvalidFilterPolicyError} when SNS would refuse the policy.
 */
export function compileFilterPolicy(text: string, scope: FilterPolicyScope): FilterPolicyMatcher {
  const policy = validate(text, scope);
  if (Object.keys(policy).length === 0) return { scope, alternatives: [], everything: true };
  let unfolded: Alternative[];
  try {
    unfolded = patternAlternatives(roundPolicy(policy) as object);
  } catch (error) {
    // Not expected: the grammar check above refuses everything src/patterns would (and more).
    if (error instanceof InvalidEventPatternError) throw new InvalidFilterPolicyError(error.reason);
    throw error;
  }
  const alternatives = unfolded.map((alternative) => [...alternative].map(([path, leaf]) => [path, leaf.matches] as const));
  return { scope, alternatives, everything: false };
}

// A publish is checked against every subscription's policy: the message's converted values are kept per
// message object (the same object passed for each subscription), so each is worked out once.
const attributeCache = new WeakMap<object, Map<string, unknown>>();
const bodyCache = new WeakMap<object, Map<string, unknown[]> | null>();

function attribute(message: FilterableMessage, known: Map<string, unknown>, name: string): unknown {
  if (known.has(name)) return known.get(name);
  const value = Object.hasOwn(message.attributes, name) ? attributeValue(message.attributes[name]) : undefined;
  known.set(name, value);
  return value;
}

/** Whether a published message passes a compiled policy. Never throws, whatever the message. */
export function matchesFilterPolicy(matcher: FilterPolicyMatcher, message: FilterableMessage): boolean {
  if (matcher.everything) return true;
  let body: Map<string, unknown[]> | null | undefined;
  let known: Map<string, unknown> | undefined;
  if (matcher.scope === 'MessageBody') {
    body = bodyCache.get(message);
    if (body === undefined) bodyCache.set(message, (body = bodyValues(message.body) ?? null));
    if (body === null) return false; // not a JSON object: no payload policy matches it [O]
  } else {
    known = attributeCache.get(message);
    if (!known) attributeCache.set(message, (known = new Map()));
  }
  for (const alternative of matcher.alternatives) {
    let all = true;
    for (const [path, leaf] of alternative) {
      if (!leaf(body ? body.get(path) : attribute(message, known!, path))) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}
