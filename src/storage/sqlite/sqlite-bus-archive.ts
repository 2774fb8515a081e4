import type { Database } from 'better-sqlite3';
import { lazy, type LazyStatement } from './lazy-statement.js';
import type { ArchivedEvent, ArchivedEventRow, ArchiveRead } from '../bus-store.js';
import { checkTime } from './sqlite-bus-documents.js';
import { StorageError } from './sqlite-errors.js';
import { LIMIT } from './sql-limit.js';

type Insert = [archive: string, eventTime: number, eventId: string, archivedAt: number, size: number, json: string];

/** Archived events checked and measured, ready to insert. */
export type CheckedArchived = readonly Insert[];

interface ArchivedRow {
  archive: string;
  event_time: number;
  event_id: string;
  archived_at: number;
  json: string;
}

type Totals = { n: number; bytes: number };

/** Events added per archive by the units of one transaction, written to bus_archive_stats before it commits. */
export type ArchiveTotals = Map<string, Totals>;
const ROW = 'archive, event_time, event_id, archived_at, json';

/**
 * bus_archived_events and the counters beside them (migration 9): every change of an archive's events
 * changes bus_archive_stats in the same transaction, so archiveStats is one row however large the
 * archive. An event's size is its JSON text's length in UTF-8 bytes.
 */
export class SqliteBusArchive {
  readonly #insert: LazyStatement<Insert>;
  readonly #addStats: LazyStatement<[archive: string, n: number, bytes: number]>;
  readonly #stats: LazyStatement<[archive: string], Totals>;
  readonly #read: LazyStatement<[archive: string, from: number, to: number, limit: number], ArchivedRow>;
  readonly #readAfter: LazyStatement<
    [archive: string, eventTime: number, eventId: string, from: number, to: number, limit: number],
    ArchivedRow
  >;
  readonly #before: LazyStatement<[archive: string, before: number], Totals>;
  readonly #trim: LazyStatement<[archive: string, before: number]>;
  readonly #clear: LazyStatement<[archive: string]>;
  readonly #clearStats: LazyStatement<[archive: string]>;

  constructor(db: Database) {
    // An event archived again (same archive, time and id) is kept once and counted once.
    this.#insert = lazy(
      db,
      `INSERT INTO bus_archived_events (archive, event_time, event_id, archived_at, size, json) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    );
    this.#addStats = lazy(
      db,
      `INSERT INTO bus_archive_stats (archive, event_count, size_bytes) VALUES (?, ?, ?)
       ON CONFLICT (archive) DO UPDATE SET
         event_count = event_count + excluded.event_count, size_bytes = size_bytes + excluded.size_bytes`,
    );
    this.#stats = lazy(db, 'SELECT event_count AS n, size_bytes AS bytes FROM bus_archive_stats WHERE archive = ?');
    const range = `event_time >= ? AND event_time <= ? ORDER BY event_time, event_id ${LIMIT}`;
    this.#read = lazy(db, `SELECT ${ROW} FROM bus_archived_events WHERE archive = ? AND ${range}`);
    // The row-value comparison and the time bounds are one range of the primary key (EXPLAIN QUERY PLAN).
    this.#readAfter = lazy(
      db,
      `SELECT ${ROW} FROM bus_archived_events WHERE archive = ? AND (event_time, event_id) > (?, ?) AND ${range}`,
    );
    this.#before = lazy(
      db,
      'SELECT count(*) AS n, coalesce(sum(size), 0) AS bytes FROM bus_archived_events WHERE archive = ? AND event_time < ?',
    );
    this.#trim = lazy(db, 'DELETE FROM bus_archived_events WHERE archive = ? AND event_time < ?');
    this.#clear = lazy(db, 'DELETE FROM bus_archived_events WHERE archive = ?');
    this.#clearStats = lazy(db, 'DELETE FROM bus_archive_stats WHERE archive = ?');
  }

  /** Throws, writing nothing, on a malformed event. */
  check(archived: readonly ArchivedEvent[], now: number): CheckedArchived {
    if (archived.length > 0) checkTime(now, 'now');
    return archived.map(({ archive, eventId, eventTime, json }) => {
      if (typeof archive !== 'string' || typeof eventId !== 'string' || typeof json !== 'string') {
        throw new StorageError(`archived event ${String(eventId)}: archive, eventId and json must be strings`);
      }
      checkTime(eventTime, 'eventTime');
      return [archive, eventTime, eventId, now, Buffer.byteLength(json), json];
    });
  }

  /** Inserts, adding what was new to `added` (see applyTotals). */
  insert(checked: CheckedArchived, added: ArchiveTotals): void {
    for (const row of checked) {
      if (this.#insert.run(...row).changes === 0) continue;
      const totals = added.get(row[0]) ?? { n: 0, bytes: 0 };
      totals.n++;
      totals.bytes += row[4];
      added.set(row[0], totals);
    }
  }

  /** Inside the transaction that inserted them. */
  applyTotals(added: ArchiveTotals): void {
    for (const [archive, { n, bytes }] of added) this.#addStats.run(archive, n, bytes);
  }

  read({ archive, from, to, after, limit }: ArchiveRead): ArchivedEventRow[] {
    if (limit <= 0 || from > to) return [];
    const rows = after
      ? this.#readAfter.all(archive, after.eventTime, after.eventId, from, to, limit)
      : this.#read.all(archive, from, to, limit);
    return rows.map((row) => ({
      archive: row.archive,
      eventId: row.event_id,
      eventTime: row.event_time,
      json: row.json,
      archivedAt: row.archived_at,
    }));
  }

  stats(archive: string): { eventCount: number; sizeBytes: number } {
    const totals = this.#stats.get(archive);
    return { eventCount: totals?.n ?? 0, sizeBytes: totals?.bytes ?? 0 };
  }

  trim(archive: string, before: number): number {
    const { n, bytes } = this.#before.get(archive, before)!;
    if (n === 0) return 0;
    this.#trim.run(archive, before);
    this.#addStats.run(archive, -n, -bytes);
    return n;
  }

  clear(archive: string): void {
    this.#clear.run(archive);
    this.#clearStats.run(archive);
  }
}
