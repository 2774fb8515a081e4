import type { Database } from 'better-sqlite3';
import { lazy, type LazyStatement } from './lazy-statement.js';
import type { RequestTokenStore, TokenClaim, TokenClaimRequest } from '../request-token-store.js';
import type { SqliteQueueHost } from './sqlite-queue-store.js';
import { LIMIT } from './sql-limit.js';

interface TokenRow {
  fingerprint: string;
  state: string;
  answer: string | null;
}

/**
 * RequestTokenStore on the SQLite engine's connection. Each call is one unit of the group commit: the
 * claim's upsert and the read of what holds the token run together, with no other writer between them.
 */
export class SqliteRequestTokenStore implements RequestTokenStore {
  readonly #host: SqliteQueueHost;
  readonly #claim: LazyStatement<[{ token: Buffer; fingerprint: string; owner: string; now: number; until: number }]>;
  readonly #get: LazyStatement<[Buffer], TokenRow>;
  readonly #complete: LazyStatement<[string, number, Buffer, string]>;
  readonly #release: LazyStatement<[Buffer, string]>;
  readonly #deleteExpired: LazyStatement<[number, number]>;

  constructor(db: Database, host: SqliteQueueHost) {
    this.#host = host;
    // The takeover's condition sits in the upsert itself: a row still held is left as it is.
    this.#claim = lazy(
      db,
      `INSERT INTO request_tokens (token, fingerprint, owner, state, until, answer) VALUES (@token, @fingerprint, @owner, 'running', @until, NULL)
       ON CONFLICT (token) DO UPDATE SET fingerprint = excluded.fingerprint, owner = excluded.owner, state = 'running',
         until = excluded.until, answer = NULL
       WHERE request_tokens.until <= @now`,
    );
    this.#get = lazy(db, 'SELECT fingerprint, state, answer FROM request_tokens WHERE token = ?');
    this.#complete = lazy(db, `UPDATE request_tokens SET state = 'done', answer = ?, until = ? WHERE token = ? AND owner = ?`);
    this.#release = lazy(db, 'DELETE FROM request_tokens WHERE token = ? AND owner = ?');
    this.#deleteExpired = lazy(
      db,
      `DELETE FROM request_tokens WHERE token IN (SELECT token FROM request_tokens WHERE until <= ? ORDER BY until ${LIMIT})`,
    );
  }

  claim({ token, fingerprint, owner, now, leaseMs }: TokenClaimRequest): Promise<TokenClaim> {
    const key = Buffer.from(token, 'utf8');
    return this.#host.enqueue((): TokenClaim => {
      if (this.#claim.run({ token: key, fingerprint, owner, now, until: now + leaseMs }).changes === 1) return { state: 'claimed' };
      const row = this.#get.get(key)!;
      return row.state === 'done' ? { state: 'done', fingerprint: row.fingerprint, answer: row.answer! } : { state: 'running', fingerprint: row.fingerprint };
    });
  }

  complete(token: string, owner: string, answer: string, expiresAt: number): Promise<boolean> {
    return this.#host.enqueue(() => this.#complete.run(answer, expiresAt, Buffer.from(token, 'utf8'), owner).changes === 1);
  }

  async release(token: string, owner: string): Promise<void> {
    await this.#host.enqueue(() => this.#release.run(Buffer.from(token, 'utf8'), owner));
  }

  deleteExpired(now: number, limit: number): Promise<number> {
    return this.#host.enqueue(() => this.#deleteExpired.run(now, limit).changes);
  }
}
