/**
 * The storage contract for ClientRequestTokens (TransactWriteItems, ExecuteTransaction): which request a
 * token belongs to, whether it is still running or what it answered. Stored, not per process, so a retry
 * reaching another node on the same database is recognised (issue 22).
 *
 * A token is claimed by one request at a time: the claim is a single atomic step (an insert, or a takeover
 * of a row whose time has run out), so of two nodes claiming it at once exactly one gets it. A claim holds
 * the token for a lease; its owner then records the answer, kept for the idempotency window, or releases
 * the token when the request failed. Times are epoch ms of the caller's clock.
 */

/** What a claim found: the token is now the caller's, or another request holds it (running, or done with an answer). */
export type TokenClaim =
  | { readonly state: 'claimed' }
  | { readonly state: 'running'; readonly fingerprint: string }
  | { readonly state: 'done'; readonly fingerprint: string; readonly answer: string };

export interface TokenClaimRequest {
  /** The client's token, any string. */
  readonly token: string;
  /** What identifies the request (a digest of its canonical text): a retry brings the same one. */
  readonly fingerprint: string;
  /** Who claims (unique per attempt): only its owner may record the answer or release the claim. */
  readonly owner: string;
  readonly now: number;
  /** How long the claim holds the token if its owner never answers (a crashed node). */
  readonly leaseMs: number;
}

export interface RequestTokenStore {
  /**
   * Claims the token when nobody holds it or the holder's time (lease, or window of its answer) ended at or
   * before `now`; otherwise answers what holds it, unchanged.
   */
  claim(request: TokenClaimRequest): Promise<TokenClaim>;
  /** Records the owner's answer (JSON text), kept until `expiresAt`; false when the claim is no longer the owner's. */
  complete(token: string, owner: string, answer: string, expiresAt: number): Promise<boolean>;
  /** Forgets the owner's claim (its request failed, leaving no trace), so a retry runs afresh. */
  release(token: string, owner: string): Promise<void>;
  /** Deletes at most `limit` tokens whose time ended at or before `now` (a bounded sweep); answers how many. */
  deleteExpired(now: number, limit: number): Promise<number>;
}
