import type { Pool, PoolClient } from 'pg';
import type { BusDocument, BusDocumentKind, BusStore, DocumentVersion, DocumentWrite } from '../bus-store.js';
import { StorageError } from '../storage-errors.js';
import { inTransaction, query, type PgQueryable } from './pg-pool.js';

/** bigint columns arrive as text (pg-pool.ts) and are converted here: epoch milliseconds fit in 2^53. */
interface DocumentRow {
  kind: BusDocumentKind;
  scope: string;
  name: string;
  version: number;
  created_at: string;
  modified_at: string;
  due_at: string | null;
  lease_owner: string | null;
  lease_until: string | null;
  definition: string;
}

const COLUMNS = 'kind, scope, name, version, created_at, modified_at, due_at, lease_owner, lease_until, definition';
const ADDRESS = 'kind = $1 AND scope = $2 AND name = $3';

/** The document half of BusStore: what PostgresBusDocuments implements (deliveries and archives come later). */
export type BusDocumentStore = Pick<
  BusStore,
  'getDocument' | 'documentVersion' | 'listDocuments' | 'writeDocument' | 'dueDocuments' | 'nextDue' | 'claimDocument'
>;

/**
 * The bus's resource documents on PostgreSQL (migration 8), shared by every Eddy node on the database:
 * - `writeDocument` decides inside a READ COMMITTED transaction holding a transaction-level advisory lock
 *   on the document's key — so two nodes creating one document queue instead of both deciding against
 *   nothing — and the row FOR UPDATE; the touch (a rule's bus) is one UPDATE in the same transaction. A
 *   bus is locked only after its rule's key, never the other way round, so rule writes do not deadlock
 *   each other (a deadlock with another store's colliding advisory key is retried by inTransaction).
 * - a firing (`take`) and a lease (`claimDocument`) are conditional UPDATEs: a second node's statement
 *   waits for the first's commit, re-reads the row and finds the condition false. Lease times are the
 *   caller's clock, as the contract says ("the store reads no clock of its own", bus-store.ts).
 */
export class PostgresBusDocuments implements BusDocumentStore {
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  getDocument<D>(kind: BusDocumentKind, scope: string, name: string): Promise<BusDocument<D> | undefined> {
    return readDocument<D>(this.#pool, kind, scope, name);
  }

  async documentVersion(kind: BusDocumentKind, scope: string, name: string): Promise<DocumentVersion | undefined> {
    const [row] = await query<{ version: number; created_at: string }>(this.#pool, `SELECT version, created_at FROM bus_documents WHERE ${ADDRESS}`, [
      kind,
      scope,
      name,
    ]);
    return row && { version: row.version, createdAt: Number(row.created_at) };
  }

  async listDocuments<D>(kind: BusDocumentKind, scope?: string): Promise<BusDocument<D>[]> {
    const rows =
      scope === undefined
        ? await query<DocumentRow>(this.#pool, `SELECT ${COLUMNS} FROM bus_documents WHERE kind = $1 ORDER BY scope, name`, [kind])
        : await query<DocumentRow>(this.#pool, `SELECT ${COLUMNS} FROM bus_documents WHERE kind = $1 AND scope = $2 ORDER BY name`, [kind, scope]);
    return rows.map((row) => toDocument<D>(row));
  }

  async writeDocument<D, R>(write: DocumentWrite<D, R>): Promise<R> {
    const { kind, scope, name, now, touch } = write;
    checkTime(now, 'now');
    for (const part of [kind, scope, name, ...(touch ? [touch.kind, touch.scope, touch.name] : [])]) {
      if (typeof part !== 'string') throw new StorageError(`a document's kind, scope and name must be strings, got ${String(part)}`);
    }
    return inTransaction(this.#pool, async (client) => {
      await query(client, 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [JSON.stringify(['bus', kind, scope, name])]);
      const current = await readDocument<D>(client, kind, scope, name, 'FOR UPDATE');
      const decision = write.decide(current);
      const { definition, dueAt } = decision;
      if (definition === null) {
        if (!current) return decision.result; // deleting what is absent writes nothing, the touch included
        await query(client, `DELETE FROM bus_documents WHERE ${ADDRESS}`, [kind, scope, name]);
      } else {
        const json = JSON.stringify(definition);
        if (typeof json !== 'string') throw new StorageError(`decide returned no definition for ${kind} ${scope}/${name}`);
        if (dueAt != null) checkTime(dueAt, 'dueAt');
        const due = dueAt === undefined ? (current?.dueAt ?? null) : dueAt;
        if (current) {
          await query(client, `UPDATE bus_documents SET definition = $4, version = version + 1, modified_at = $5, due_at = $6 WHERE ${ADDRESS}`, [
            kind,
            scope,
            name,
            json,
            now,
            due,
          ]);
        } else {
          await query(
            client,
            `INSERT INTO bus_documents (kind, scope, name, version, created_at, modified_at, due_at, definition) VALUES ($1, $2, $3, 1, $4, $4, $5, $6)`,
            [kind, scope, name, now, due, json],
          );
        }
      }
      if (touch) await query(client, `UPDATE bus_documents SET version = version + 1 WHERE ${ADDRESS}`, [touch.kind, touch.scope, touch.name]);
      return decision.result;
    });
  }

  async dueDocuments<D>(kind: BusDocumentKind, now: number, limit: number): Promise<BusDocument<D>[]> {
    if (limit <= 0) return [];
    const rows = await query<DocumentRow>(
      this.#pool,
      `SELECT ${COLUMNS} FROM bus_documents WHERE kind = $1 AND due_at <= $2 ORDER BY due_at, scope, name LIMIT $3`,
      [kind, now, limit],
    );
    return rows.map((row) => toDocument<D>(row));
  }

  async nextDue(kind: BusDocumentKind): Promise<number | undefined> {
    const [row] = await query<{ at: string | null }>(this.#pool, 'SELECT min(due_at) AS at FROM bus_documents WHERE kind = $1 AND due_at IS NOT NULL', [kind]);
    return row?.at == null ? undefined : Number(row.at);
  }

  async claimDocument(kind: BusDocumentKind, scope: string, name: string, owner: string, until: number, now: number): Promise<boolean> {
    const rows = await query(
      this.#pool,
      `UPDATE bus_documents SET lease_owner = $4, lease_until = $5
       WHERE ${ADDRESS} AND (lease_owner IS NULL OR lease_owner = $4 OR lease_until <= $6) RETURNING 1`,
      [kind, scope, name, owner, until, now],
    );
    return rows.length === 1;
  }

  /**
   * Moves a document's dueAt from `expectedDueAt` to `nextDueAt` inside the caller's transaction (a
   * firing, whose deliveries the same transaction stores); false (nothing written) when it moved already.
   */
  static async take(client: PoolClient, kind: BusDocumentKind, scope: string, name: string, expectedDueAt: number, nextDueAt: number | null): Promise<boolean> {
    const rows = await query(client, `UPDATE bus_documents SET due_at = $4 WHERE ${ADDRESS} AND due_at = $5 RETURNING 1`, [
      kind,
      scope,
      name,
      nextDueAt,
      expectedDueAt,
    ]);
    return rows.length === 1;
  }

  /** Ends every document lease; returns how many were held. */
  async releaseAll(db: PgQueryable = this.#pool): Promise<number> {
    const [row] = await query<{ released: number }>(
      db,
      'WITH released AS (UPDATE bus_documents SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL RETURNING 1) SELECT count(*)::integer AS released FROM released',
    );
    return row?.released ?? 0;
  }
}

/** Throws unless `value` is a time the bigint columns take (as SQLite's store does). */
export function checkTime(value: unknown, what: string): void {
  if (!Number.isSafeInteger(value)) throw new StorageError(`${what} must be an integer epoch-ms time, got ${String(value)}`);
}

async function readDocument<D>(
  db: PgQueryable,
  kind: BusDocumentKind,
  scope: string,
  name: string,
  lock: '' | 'FOR UPDATE' = '',
): Promise<BusDocument<D> | undefined> {
  const [row] = await query<DocumentRow>(db, `SELECT ${COLUMNS} FROM bus_documents WHERE ${ADDRESS} ${lock}`, [kind, scope, name]);
  return row && toDocument<D>(row);
}

function toDocument<D>(row: DocumentRow): BusDocument<D> {
  return {
    kind: row.kind,
    scope: row.scope,
    name: row.name,
    definition: JSON.parse(row.definition) as D,
    version: row.version,
    createdAt: Number(row.created_at),
    modifiedAt: Number(row.modified_at),
    ...(row.due_at !== null && { dueAt: Number(row.due_at) }),
    ...(row.lease_owner !== null && { owner: row.lease_owner }),
    ...(row.lease_until !== null && { leaseUntil: Number(row.lease_until) }),
  };
}
