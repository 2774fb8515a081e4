import type { Database } from 'better-sqlite3';
import { lazy, type LazyStatement } from './lazy-statement.js';
import type { BusDocument, BusDocumentKind, DocumentVersion, DocumentWrite } from '../bus-store.js';
import { StorageError } from './sqlite-errors.js';
import { LIMIT } from './sql-limit.js';

interface DocumentRow {
  kind: BusDocumentKind;
  scope: string;
  name: string;
  version: number;
  created_at: number;
  modified_at: number;
  due_at: number | null;
  lease_owner: string | null;
  lease_until: number | null;
  definition: string;
}

type Address = [kind: string, scope: string, name: string];
const COLUMNS = 'kind, scope, name, version, created_at, modified_at, due_at, lease_owner, lease_until, definition';
const ADDRESS = 'kind = ? AND scope = ? AND name = ?';

/**
 * The bus's resource documents (migration 9). The write methods run inside the caller's transaction
 * (a unit of the engine's group commit) and check everything they can before their first write, so a
 * failure of their own leaves nothing behind.
 */
export class SqliteBusDocuments {
  readonly #get: LazyStatement<Address, DocumentRow>;
  readonly #version: LazyStatement<Address, { version: number; created_at: number }>;
  readonly #listAll: LazyStatement<[kind: string], DocumentRow>;
  readonly #listScope: LazyStatement<[kind: string, scope: string], DocumentRow>;
  readonly #due: LazyStatement<[kind: string, now: number, limit: number], DocumentRow>;
  readonly #nextDue: LazyStatement<[kind: string], { at: number | null }>;
  readonly #insert: LazyStatement<[...Address, now: number, now: number, dueAt: number | null, definition: string]>;
  readonly #replace: LazyStatement<[definition: string, now: number, dueAt: number | null, ...Address]>;
  readonly #delete: LazyStatement<Address>;
  readonly #touch: LazyStatement<Address>;
  readonly #take: LazyStatement<[nextDueAt: number | null, ...Address, expectedDueAt: number]>;
  readonly #claim: LazyStatement<[owner: string, until: number, ...Address, owner: string, now: number]>;
  readonly #releaseAll: LazyStatement<[]>;

  constructor(db: Database) {
    this.#get = lazy(db, `SELECT ${COLUMNS} FROM bus_documents WHERE ${ADDRESS}`);
    // Two integers: each column a row hands back costs, and the definition is JSON to parse.
    this.#version = lazy(db, `SELECT version, created_at FROM bus_documents WHERE ${ADDRESS}`);
    // Names compare as UTF-8 bytes (BINARY collation): the primary key's order is the contract's.
    this.#listAll = lazy(db, `SELECT ${COLUMNS} FROM bus_documents WHERE kind = ? ORDER BY scope, name`);
    this.#listScope = lazy(db, `SELECT ${COLUMNS} FROM bus_documents WHERE kind = ? AND scope = ? ORDER BY name`);
    // `due_at <= ?` implies the partial index's `due_at IS NOT NULL`, so both read bus_documents_due.
    this.#due = lazy(
      db,
      `SELECT ${COLUMNS} FROM bus_documents WHERE kind = ? AND due_at <= ? ORDER BY due_at, scope, name ${LIMIT}`,
    );
    this.#nextDue = lazy(db, 'SELECT min(due_at) AS at FROM bus_documents WHERE kind = ? AND due_at IS NOT NULL');
    this.#insert = lazy(
      db,
      `INSERT INTO bus_documents (kind, scope, name, version, created_at, modified_at, due_at, definition)
       VALUES (?, ?, ?, 1, ?, ?, ?, ?)`,
    );
    this.#replace = lazy(
      db,
      `UPDATE bus_documents SET definition = ?, version = version + 1, modified_at = ?, due_at = ? WHERE ${ADDRESS}`,
    );
    this.#delete = lazy(db, `DELETE FROM bus_documents WHERE ${ADDRESS}`);
    this.#touch = lazy(db, `UPDATE bus_documents SET version = version + 1 WHERE ${ADDRESS}`);
    // The conditions are evaluated under the write lock, so of two connections (two processes) racing
    // for one firing or one lease, the second sees the first's change and changes nothing.
    this.#take = lazy(db, `UPDATE bus_documents SET due_at = ? WHERE ${ADDRESS} AND due_at = ?`);
    this.#claim = lazy(
      db,
      `UPDATE bus_documents SET lease_owner = ?, lease_until = ?
       WHERE ${ADDRESS} AND (lease_owner IS NULL OR lease_owner = ? OR lease_until <= ?)`,
    );
    this.#releaseAll = lazy(
      db,
      'UPDATE bus_documents SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL',
    );
  }

  get<D>(kind: BusDocumentKind, scope: string, name: string): BusDocument<D> | undefined {
    const row = this.#get.get(kind, scope, name);
    return row && toDocument<D>(row);
  }

  version(kind: BusDocumentKind, scope: string, name: string): DocumentVersion | undefined {
    const row = this.#version.get(kind, scope, name);
    return row && { version: row.version, createdAt: row.created_at };
  }

  list<D>(kind: BusDocumentKind, scope?: string): BusDocument<D>[] {
    const rows = scope === undefined ? this.#listAll.all(kind) : this.#listScope.all(kind, scope);
    return rows.map((row) => toDocument<D>(row));
  }

  due<D>(kind: BusDocumentKind, now: number, limit: number): BusDocument<D>[] {
    if (limit <= 0) return [];
    return this.#due.all(kind, now, limit).map((row) => toDocument<D>(row));
  }

  nextDue(kind: BusDocumentKind): number | undefined {
    return this.#nextDue.get(kind)!.at ?? undefined;
  }

  /** Reads, decides and writes one document (and its touch); what decide throws is thrown before any write. */
  write<D, R>(write: DocumentWrite<D, R>): R {
    const { kind, scope, name, now, touch } = write;
    checkTime(now, 'now');
    for (const part of [kind, scope, name, ...(touch ? [touch.kind, touch.scope, touch.name] : [])]) {
      if (typeof part !== 'string') {
        throw new StorageError(`a document's kind, scope and name must be strings, got ${String(part)}`);
      }
    }
    const row = this.#get.get(kind, scope, name);
    const decision = write.decide(row && toDocument<D>(row));
    const { definition, dueAt } = decision;
    if (definition === null) {
      if (!row) return decision.result; // deleting what is absent writes nothing, the touch included
      this.#delete.run(kind, scope, name);
    } else {
      const json = JSON.stringify(definition);
      if (typeof json !== 'string') throw new StorageError(`decide returned no definition for ${kind} ${scope}/${name}`);
      if (dueAt != null) checkTime(dueAt, 'dueAt');
      const due = dueAt === undefined ? (row?.due_at ?? null) : dueAt;
      if (row) this.#replace.run(json, now, due, kind, scope, name);
      else this.#insert.run(kind, scope, name, now, now, due, json);
    }
    if (touch) this.#touch.run(touch.kind, touch.scope, touch.name);
    return decision.result;
  }

  /** Moves the document's dueAt from `expectedDueAt` to `nextDueAt`; false (nothing written) when it moved already. */
  take(kind: BusDocumentKind, scope: string, name: string, expectedDueAt: number, nextDueAt: number | null): boolean {
    return this.#take.run(nextDueAt, kind, scope, name, expectedDueAt).changes === 1;
  }

  claim(kind: BusDocumentKind, scope: string, name: string, owner: string, until: number, now: number): boolean {
    return this.#claim.run(owner, until, kind, scope, name, owner, now).changes === 1;
  }

  releaseAll(): number {
    return this.#releaseAll.run().changes;
  }
}

/** Throws (a unit's own failure) unless `value` is a time the INTEGER columns take. */
export function checkTime(value: unknown, what: string): void {
  if (!Number.isSafeInteger(value)) throw new StorageError(`${what} must be an integer epoch-ms time, got ${String(value)}`);
}

function toDocument<D>(row: DocumentRow): BusDocument<D> {
  return {
    kind: row.kind,
    scope: row.scope,
    name: row.name,
    definition: JSON.parse(row.definition) as D,
    version: row.version,
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
    ...(row.due_at !== null && { dueAt: row.due_at }),
    ...(row.lease_owner !== null && { owner: row.lease_owner }),
    ...(row.lease_until !== null && { leaseUntil: row.lease_until }),
  };
}
