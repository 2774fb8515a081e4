import type { Pool } from 'pg';
import type { RequestTokenStore, TokenClaim, TokenClaimRequest } from '../request-token-store.js';
import { StorageError } from '../storage-errors.js';
import { query } from './pg-pool.js';

/** Claims in a row that find the token neither held nor present (released between the two statements). */
const MAX_CLAIM_ROUNDS = 10;

/**
 * RequestTokenStore on PostgreSQL (migration 15). A claim is one INSERT … ON CONFLICT DO UPDATE … WHERE:
 * the conflicting row is locked and the condition (its time ended) re-checked on its latest version, so of
 * two nodes claiming one token at once exactly one gets it, with no transaction to retry. Tokens are bytea
 * (text cannot hold U+0000).
 */
export class PostgresRequestTokenStore implements RequestTokenStore {
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  async claim({ token, fingerprint, owner, now, leaseMs }: TokenClaimRequest): Promise<TokenClaim> {
    const key = Buffer.from(token, 'utf8');
    for (let round = 0; round < MAX_CLAIM_ROUNDS; round++) {
      const claimed = await query(
        this.#pool,
        `INSERT INTO request_tokens (token, fingerprint, owner, state, until, answer) VALUES ($1, $2, $3, 'running', $4, NULL)
         ON CONFLICT (token) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, owner = EXCLUDED.owner, state = 'running',
           until = EXCLUDED.until, answer = NULL
         WHERE request_tokens.until <= $5
         RETURNING 1 AS claimed`,
        [key, fingerprint, owner, now + leaseMs, now],
      );
      if (claimed.length === 1) return { state: 'claimed' };
      const [row] = await query<{ fingerprint: string; state: string; answer: string | null }>(
        this.#pool,
        'SELECT fingerprint, state, answer FROM request_tokens WHERE token = $1',
        [key],
      );
      if (row === undefined) continue; // its holder failed and released it since: claim again
      return row.state === 'done' ? { state: 'done', fingerprint: row.fingerprint, answer: row.answer! } : { state: 'running', fingerprint: row.fingerprint };
    }
    throw new StorageError(`request token claim did not settle after ${MAX_CLAIM_ROUNDS} rounds`);
  }

  async complete(token: string, owner: string, answer: string, expiresAt: number): Promise<boolean> {
    const rows = await query(
      this.#pool,
      `UPDATE request_tokens SET state = 'done', answer = $1, until = $2 WHERE token = $3 AND owner = $4 RETURNING 1 AS done`,
      [answer, expiresAt, Buffer.from(token, 'utf8'), owner],
    );
    return rows.length === 1;
  }

  async release(token: string, owner: string): Promise<void> {
    await query(this.#pool, 'DELETE FROM request_tokens WHERE token = $1 AND owner = $2', [Buffer.from(token, 'utf8'), owner]);
  }

  async deleteExpired(now: number, limit: number): Promise<number> {
    const rows = await query(
      this.#pool,
      `DELETE FROM request_tokens WHERE token IN (SELECT token FROM request_tokens WHERE until <= $1 ORDER BY until LIMIT $2 FOR UPDATE SKIP LOCKED)
       AND until <= $1 RETURNING 1 AS deleted`,
      [now, limit],
    );
    return rows.length;
  }
}
