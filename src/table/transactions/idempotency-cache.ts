import { createHash, randomUUID } from 'node:crypto';
import { ServiceError } from '../../shared/service-error.js';
import type { TableContext } from '../table-context.js';
import { transactionErrors } from './transaction-errors.js';

/** How long DynamoDB remembers a ClientRequestToken after the request that used it completed. */
export const IDEMPOTENCY_WINDOW_MS = 10 * 60 * 1000;
/**
 * How long a claim holds its token while its request runs. Transactions take milliseconds; the lease only
 * matters when the node running one dies, and then bounds how long retries answer TransactionInProgressException.
 */
export const TOKEN_LEASE_MS = 60 * 1000;
/** Expired tokens are deleted at most this often per context, at most SWEEP_LIMIT at a time (a bounded sweep). */
const SWEEP_EVERY_MS = 10_000;
const SWEEP_LIMIT = 1000;

/** A request with a token that runs on this node now: retries arriving here meanwhile share its outcome. */
interface RunningRequest {
  readonly fingerprint: string;
  readonly outcome: Promise<unknown>;
}

/** Keyed by the node's catalog (TableCatalog.identity): each run of an operation has a context of its own. */
const runningByNode = new WeakMap<object, Map<string, RunningRequest>>();
const sweptAt = new WeakMap<object, number>();

const transactionInProgress = () =>
  // The API reference's description of the error; AWS's exact message text is unconfirmed.
  new ServiceError(
    'com.amazonaws.dynamodb.v20120810#TransactionInProgressException',
    'The transaction with the given request token is already in progress.',
  );

/**
 * Runs `execute` at most once per token within the window: a retry with the same token and the same
 * request gets the first answer without writing again; the same token with another request is
 * IdempotentParameterMismatchException. A request that failed leaves no trace, so its retry runs afresh.
 *
 * Tokens live in storage (engine.requestTokens), so a retry reaching another node on the same database is
 * recognised: the first request claims its token atomically with a lease, records its answer (JSON) when it
 * succeeds and releases the token when it fails. A retry that finds the token claimed and still running on
 * another node answers TransactionInProgressException, as DynamoDB does; on this node it shares the
 * running request's outcome instead.
 *
 * The gap left: the answer is recorded after the transaction committed, in a statement of its own. A node
 * that dies between the two leaves the token claimed but unanswered; once the lease ends a retry runs the
 * transaction again (as it would after the window). A transaction that outlives the lease may likewise be
 * run again by a retry on another node.
 */
export function runOnce(ctx: TableContext, token: string, fingerprint: string, execute: () => Promise<unknown>): Promise<unknown> {
  let running = runningByNode.get(ctx.catalog.identity);
  if (running === undefined) runningByNode.set(ctx.catalog.identity, (running = new Map()));
  const digest = createHash('sha256').update(fingerprint).digest('base64');
  const here = running.get(token);
  if (here !== undefined) {
    if (here.fingerprint !== digest) return Promise.reject(transactionErrors.idempotentParameterMismatch());
    return here.outcome;
  }
  const outcome = claimAndRun(ctx, token, digest, execute);
  const entry: RunningRequest = { fingerprint: digest, outcome };
  running.set(token, entry);
  const settled = () => {
    if (running.get(token) === entry) running.delete(token);
  };
  outcome.then(settled, settled);
  return outcome;
}

async function claimAndRun(ctx: TableContext, token: string, fingerprint: string, execute: () => Promise<unknown>): Promise<unknown> {
  const tokens = ctx.engine.requestTokens;
  await sweepExpired(ctx);
  const owner = randomUUID();
  const claim = await tokens.claim({ token, fingerprint, owner, now: ctx.clock.now(), leaseMs: TOKEN_LEASE_MS });
  if (claim.state !== 'claimed') {
    if (claim.fingerprint !== fingerprint) throw transactionErrors.idempotentParameterMismatch();
    if (claim.state === 'running') throw transactionInProgress();
    return JSON.parse(claim.answer) as unknown;
  }
  let result: unknown;
  try {
    result = await execute();
  } catch (error) {
    await tokens.release(token, owner);
    throw error;
  }
  // The window runs from the request's completion. Should the lease have ended and another request taken the
  // token meanwhile, that one's answer stands; this request's own answer is still the one its caller gets.
  await tokens.complete(token, owner, JSON.stringify(result), ctx.clock.now() + IDEMPOTENCY_WINDOW_MS);
  return result;
}

/** Deletes expired tokens now and then: a claim takes over its own token's expired row, the sweep the rest. */
async function sweepExpired(ctx: TableContext): Promise<void> {
  const now = ctx.clock.now();
  const last = sweptAt.get(ctx.catalog.identity);
  if (last !== undefined && now >= last && now - last < SWEEP_EVERY_MS) return;
  sweptAt.set(ctx.catalog.identity, now);
  await ctx.engine.requestTokens.deleteExpired(now, SWEEP_LIMIT);
}

/**
 * A request's canonical text: JSON with every object's members sorted, so retries that send the same
 * members in another order (as some SDKs do) count as the same request.
 */
export function requestFingerprint(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => {
    if (member === null || typeof member !== 'object' || Array.isArray(member)) return member;
    const sorted: Record<string, unknown> = {};
    for (const name of Object.keys(member).sort()) {
      Object.defineProperty(sorted, name, { value: (member as Record<string, unknown>)[name], enumerable: true });
    }
    return sorted;
  });
}
