import type { TableContext } from '../table-context.js';
import { transactionErrors } from './transaction-errors.js';

/** How long DynamoDB remembers a ClientRequestToken after the request that used it completed. */
export const IDEMPOTENCY_WINDOW_MS = 10 * 60 * 1000;

interface TokenEntry {
  /** The request's canonical text (see `requestFingerprint`). */
  readonly fingerprint: string;
  /** The first request's answer, shared by retries that arrive while it still runs. */
  readonly outcome: Promise<unknown>;
  /** Epoch ms after which the token is forgotten; unset while the request runs. */
  expiresAt?: number;
}

/**
 * ClientRequestTokens of TransactWriteItems, per TableContext (one per server). Kept in this process
 * only: with several nodes on one PostgreSQL database a retry reaching another node runs again.
 */
const tokensByContext = new WeakMap<TableContext, Map<string, TokenEntry>>();
/** When each context's tokens were last swept for expired ones (a sweep walks them all, so at most once a second). */
const sweptAt = new WeakMap<TableContext, number>();
const SWEEP_EVERY_MS = 1000;

/**
 * Runs `execute` at most once per token within the window: a retry with the same token and the same
 * request gets the first answer without writing again (also while the first is still running); the
 * same token with another request is IdempotentParameterMismatchException. A request that failed
 * leaves no trace, so its retry runs afresh.
 */
export async function runOnce(
  ctx: TableContext,
  token: string,
  fingerprint: string,
  execute: () => Promise<unknown>,
): Promise<unknown> {
  const tokens = tokensOf(ctx);
  let existing = tokens.get(token);
  if (existing?.expiresAt !== undefined && existing.expiresAt <= ctx.clock.now()) {
    tokens.delete(token); // expired since the last sweep
    existing = undefined;
  }
  if (existing !== undefined) {
    if (existing.fingerprint !== fingerprint) throw transactionErrors.idempotentParameterMismatch();
    return existing.outcome;
  }
  const entry: TokenEntry = { fingerprint, outcome: execute() };
  tokens.set(token, entry);
  try {
    const result = await entry.outcome;
    entry.expiresAt = ctx.clock.now() + IDEMPOTENCY_WINDOW_MS;
    return result;
  } catch (error) {
    if (tokens.get(token) === entry) tokens.delete(token);
    throw error;
  }
}

/** The context's token map; expired tokens are dropped by a sweep at most once a second (and on lookup). */
function tokensOf(ctx: TableContext): Map<string, TokenEntry> {
  let tokens = tokensByContext.get(ctx);
  if (tokens === undefined) {
    tokens = new Map();
    tokensByContext.set(ctx, tokens);
  }
  const now = ctx.clock.now();
  const last = sweptAt.get(ctx);
  if (last !== undefined && now >= last && now - last < SWEEP_EVERY_MS) return tokens;
  sweptAt.set(ctx, now);
  for (const [token, entry] of tokens) {
    if (entry.expiresAt !== undefined && entry.expiresAt <= now) tokens.delete(token);
  }
  return tokens;
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
