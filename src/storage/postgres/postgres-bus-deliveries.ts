import type { Pool, PoolClient } from 'pg';
import type { AcceptedEvents, ArchivedEventRow, ArchiveRead, DeliveryOutcome, NewDelivery, StoredDelivery, TargetStats } from '../bus-store.js';
import { StorageError } from '../storage-errors.js';
import { query, type PgQueryable } from './pg-pool.js';
import { checkTime } from './postgres-bus-documents.js';

/** bigint columns arrive as text (pg-pool.ts) and are converted here: epoch milliseconds fit in 2^53. */
interface DeliveryRow {
  seq: string;
  id: string;
  bus: string;
  rule: string;
  target_id: string;
  target: string;
  event_id: string;
  payload: string;
  accepted_at: string;
  due_at: string;
  attempts: number;
  last_error: string | null;
}

const RETURNED = 'seq, id, bus, rule, target_id, target, event_id, payload, accepted_at, due_at, attempts, last_error';

/** The channel a commit that made deliveries claimable notifies (other nodes' runners LISTEN: PostgresBusStore.onDeliveries). */
export const BUS_DELIVERIES_CHANNEL = 'eddy_bus_deliveries';

/**
 * PostgreSQL's text cannot hold U+0000 (SQLite's can): an error text from a target — not checked by the
 * API's shapes — has it replaced by U+FFFD rather than failing the settlement (as the scheduler store does).
 */
const storableText = (text: string): string => text.replaceAll('\u0000', '\uFFFD');

/** Throws, writing nothing, on a malformed delivery or archived event (as SQLite's checkDeliveries). */
export function checkAccepted(accepted: AcceptedEvents, deliveries: readonly NewDelivery[]): void {
  for (const { id, bus, rule, targetId, eventId, payload, acceptedAt, dueAt } of deliveries) {
    if ([id, bus, rule, targetId, eventId, payload].some((part) => typeof part !== 'string')) {
      throw new StorageError(`delivery ${String(id)}: id, bus, rule, targetId, eventId and payload must be strings`);
    }
    checkTime(acceptedAt, 'acceptedAt');
    checkTime(dueAt, 'dueAt');
  }
  if (accepted.archived.length > 0) checkTime(accepted.now, 'now');
  for (const { archive, eventId, eventTime, json } of accepted.archived) {
    if (typeof archive !== 'string' || typeof eventId !== 'string' || typeof json !== 'string') {
      throw new StorageError(`archived event ${String(eventId)}: archive, eventId and json must be strings`);
    }
    checkTime(eventTime, 'eventTime');
  }
}

/** Throws, writing nothing, on a malformed outcome. */
function checkOutcome(outcome: DeliveryOutcome): void {
  const { id, kind } = outcome;
  if (typeof id !== 'string') throw new StorageError('an outcome has no delivery id');
  if (kind === 'delivered') return;
  if (kind !== 'retry' && kind !== 'dropped' && kind !== 'dead-lettered') throw new StorageError(`unknown outcome ${String(kind)}`);
  if (typeof outcome.error !== 'string') throw new StorageError(`outcome ${kind} of ${id} needs an error`);
  if (kind !== 'retry') return;
  checkTime(outcome.dueAt, 'dueAt');
  if (!Number.isSafeInteger(outcome.attempts) || outcome.attempts < 0) throw new StorageError(`attempts must be a count, got ${outcome.attempts}`);
}

type Deltas = Map<string, { bus: string; rule: string; targetId: string; by: number[] }>;
const MATCHED = 0, DELIVERED = 1, FAILED = 2, DEAD = 3, PENDING = 4, RETRYING = 5;

function add(deltas: Deltas, bus: string, rule: string, targetId: string, counter: number, by = 1): void {
  const key = JSON.stringify([bus, rule, targetId]);
  let delta = deltas.get(key);
  if (!delta) deltas.set(key, (delta = { bus, rule, targetId, by: [0, 0, 0, 0, 0, 0] }));
  delta.by[counter]! += by;
}

/** Writes counter changes inside the transaction that made them (bus_target_counters, one row per target). */
async function applyDeltas(client: PoolClient, deltas: Deltas): Promise<void> {
  // In one order (by key) in every transaction, so two writers of the same counters queue rather than deadlock.
  const ordered = [...deltas.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, delta]) => delta);
  for (const { bus, rule, targetId, by } of ordered) {
    await query(
      client,
      `INSERT INTO bus_target_counters AS c (bus, rule, target_id, matched, delivered, failed, dead_lettered, pending, retrying)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (bus, rule, target_id) DO UPDATE SET
         matched = c.matched + excluded.matched, delivered = c.delivered + excluded.delivered,
         failed = c.failed + excluded.failed, dead_lettered = c.dead_lettered + excluded.dead_lettered,
         pending = c.pending + excluded.pending, retrying = c.retrying + excluded.retrying`,
      [bus, rule, targetId, ...by],
    );
  }
}

/**
 * Bus deliveries, their counters and archived events on PostgreSQL. Writes run in the caller's
 * transaction. Claims are one UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED): rows another node is
 * claiming are skipped, and a row claimed just before is re-checked on its new version. Settles are
 * conditional on the lease owner. Leases follow claimable_at as on SQLite: a claim sets it to the
 * lease's expiry, a retry and a release set it back to due_at. Each delivery row keeps its target as
 * JSON text (SQLite shares it through bus_delivery_routes); a claim parses one target text once.
 */
export class PostgresBusDeliveries {
  readonly #pool: Pool;
  /** Parsed targets by their JSON text, so that deliveries to one target share one object (the contract allows it). */
  readonly #targets = new Map<string, unknown>();

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  /** Inside the accepting transaction, after checkAccepted; answers whether deliveries were stored. */
  async store(client: PoolClient, accepted: AcceptedEvents, deliveries: readonly NewDelivery[]): Promise<boolean> {
    const texts = new Map<unknown, string>();
    const targetText = (d: NewDelivery): string => {
      let text = texts.get(d.target);
      if (text === undefined) {
        text = JSON.stringify(d.target);
        if (typeof text !== 'string') throw new StorageError(`delivery ${d.id}: target is not JSON`);
        texts.set(d.target, text);
      }
      return text;
    };
    const targets = deliveries.map(targetText);
    const deltas: Deltas = new Map();
    if (deliveries.length > 0) {
      await query(
        client,
        `INSERT INTO bus_deliveries (id, bus, rule, target_id, target, event_id, payload, accepted_at, due_at, claimable_at)
         SELECT id, bus, rule, target_id, target, event_id, payload, accepted_at, due_at, due_at
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::bigint[])
           AS d(id, bus, rule, target_id, target, event_id, payload, accepted_at, due_at)`,
        [
          deliveries.map((d) => d.id),
          deliveries.map((d) => d.bus),
          deliveries.map((d) => d.rule),
          deliveries.map((d) => d.targetId),
          targets,
          deliveries.map((d) => d.eventId),
          deliveries.map((d) => d.payload),
          deliveries.map((d) => d.acceptedAt),
          deliveries.map((d) => d.dueAt),
        ],
      );
      for (const d of deliveries) {
        add(deltas, d.bus, d.rule, d.targetId, MATCHED);
        add(deltas, d.bus, d.rule, d.targetId, PENDING);
      }
      await applyDeltas(client, deltas);
    }
    const { archived, now } = accepted;
    if (archived.length > 0) {
      // An event archived again (same archive, time and id) is kept once and counted once.
      await query(
        client,
        `INSERT INTO bus_archived_events (archive, event_time, event_id, archived_at, size, json)
         SELECT archive, event_time, event_id, $5, size, json FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $6::bigint[])
           AS a(archive, event_time, event_id, json, size)
         ON CONFLICT DO NOTHING`,
        [archived.map((a) => a.archive), archived.map((a) => a.eventTime), archived.map((a) => a.eventId), archived.map((a) => a.json), now, archived.map((a) => Buffer.byteLength(a.json))],
      );
    }
    return deliveries.length > 0;
  }

  /** Deliveries made in the accepting transaction (a queue target's messages): counted as matched and delivered, no row. */
  async countDelivered(client: PoolClient, deliveries: readonly NewDelivery[]): Promise<void> {
    const deltas: Deltas = new Map();
    for (const d of deliveries) {
      add(deltas, d.bus, d.rule, d.targetId, MATCHED);
      add(deltas, d.bus, d.rule, d.targetId, DELIVERED);
    }
    await applyDeltas(client, deltas);
  }

  async claim(owner: string, now: number, until: number, limit: number): Promise<StoredDelivery[]> {
    if (limit <= 0) return [];
    const rows = await query<DeliveryRow>(
      this.#pool,
      `UPDATE bus_deliveries AS d SET lease_owner = $1, claimable_at = $2
       FROM (SELECT seq FROM bus_deliveries WHERE claimable_at <= $3 ORDER BY claimable_at, seq LIMIT $4 FOR UPDATE SKIP LOCKED) AS due
       WHERE d.seq = due.seq
       RETURNING ${RETURNED.split(', ').map((c) => `d.${c}`).join(', ')}`,
      [owner, until, now, limit],
    );
    // RETURNING has no order of its own.
    rows.sort((a, b) => Number(a.due_at) - Number(b.due_at) || Number(a.seq) - Number(b.seq));
    return rows.map((row) => this.#toDelivery(row));
  }

  /** Checks every outcome first (nothing written when one is malformed), then applies the owner's; answers [applied, retried]. */
  async settle(client: PoolClient, owner: string, outcomes: readonly DeliveryOutcome[]): Promise<[number, number]> {
    for (const outcome of outcomes) checkOutcome(outcome);
    const deltas: Deltas = new Map();
    let applied = 0;
    let retried = 0;
    for (const outcome of outcomes) {
      if (outcome.kind === 'retry') {
        const [row] = await query<{ bus: string; rule: string; target_id: string; was: number }>(
          client,
          `UPDATE bus_deliveries AS d SET attempts = $1, due_at = $2, claimable_at = $2, last_error = $3, lease_owner = NULL
           FROM (SELECT seq, attempts AS was FROM bus_deliveries WHERE id = $4 AND lease_owner = $5 FOR UPDATE) AS old
           WHERE d.seq = old.seq RETURNING d.bus, d.rule, d.target_id, old.was`,
          [outcome.attempts, outcome.dueAt, storableText(outcome.error), outcome.id, owner],
        );
        if (!row) continue;
        const change = (outcome.attempts > 0 ? 1 : 0) - (row.was > 0 ? 1 : 0);
        if (change !== 0) add(deltas, row.bus, row.rule, row.target_id, RETRYING, change);
        retried++;
      } else {
        const [row] = await query<{ bus: string; rule: string; target_id: string; attempts: number }>(
          client,
          'DELETE FROM bus_deliveries WHERE id = $1 AND lease_owner = $2 RETURNING bus, rule, target_id, attempts',
          [outcome.id, owner],
        );
        if (!row) continue;
        add(deltas, row.bus, row.rule, row.target_id, outcome.kind === 'delivered' ? DELIVERED : outcome.kind === 'dropped' ? FAILED : DEAD);
        add(deltas, row.bus, row.rule, row.target_id, PENDING, -1);
        if (row.attempts > 0) add(deltas, row.bus, row.rule, row.target_id, RETRYING, -1);
      }
      applied++;
    }
    await applyDeltas(client, deltas);
    return [applied, retried];
  }

  async nextDue(): Promise<number | undefined> {
    const [row] = await query<{ at: string | null }>(this.#pool, 'SELECT min(claimable_at) AS at FROM bus_deliveries');
    return row?.at == null ? undefined : Number(row.at);
  }

  async pending(limit: number, bus?: string): Promise<StoredDelivery[]> {
    if (limit <= 0) return [];
    const rows =
      bus === undefined
        ? await query<DeliveryRow>(this.#pool, `SELECT ${RETURNED} FROM bus_deliveries ORDER BY claimable_at, seq LIMIT $1`, [limit])
        : await query<DeliveryRow>(this.#pool, `SELECT ${RETURNED} FROM bus_deliveries WHERE bus = $1 ORDER BY claimable_at, seq LIMIT $2`, [bus, limit]);
    return rows.map((row) => this.#toDelivery(row));
  }

  async stats(bus?: string): Promise<TargetStats[]> {
    const columns = 'bus, rule, target_id, matched, delivered, failed, dead_lettered, pending, retrying';
    const rows =
      bus === undefined
        ? await query<Record<string, string>>(this.#pool, `SELECT ${columns} FROM bus_target_counters ORDER BY bus, rule, target_id`)
        : await query<Record<string, string>>(this.#pool, `SELECT ${columns} FROM bus_target_counters WHERE bus = $1 ORDER BY rule, target_id`, [bus]);
    return rows.map((row) => ({
      bus: row.bus!,
      rule: row.rule!,
      targetId: row.target_id!,
      matched: Number(row.matched),
      delivered: Number(row.delivered),
      failed: Number(row.failed),
      deadLettered: Number(row.dead_lettered),
      pending: Number(row.pending),
      retrying: Number(row.retrying),
    }));
  }

  async releaseAll(db: PgQueryable): Promise<number> {
    const [row] = await query<{ released: number }>(
      db,
      'WITH released AS (UPDATE bus_deliveries SET lease_owner = NULL, claimable_at = due_at WHERE lease_owner IS NOT NULL RETURNING 1) SELECT count(*)::integer AS released FROM released',
    );
    return row?.released ?? 0;
  }

  async readArchive({ archive, from, to, after, limit }: ArchiveRead): Promise<ArchivedEventRow[]> {
    if (limit <= 0 || from > to) return [];
    const rows = await query<{ archive: string; event_id: string; event_time: string; json: string; archived_at: string }>(
      this.#pool,
      `SELECT archive, event_id, event_time, json, archived_at FROM bus_archived_events
       WHERE archive = $1 AND event_time BETWEEN $2 AND $3 AND ($4::bigint IS NULL OR (event_time, event_id) > ($4::bigint, $5::text))
       ORDER BY event_time, event_id LIMIT $6`,
      [archive, from, to, after?.eventTime ?? null, after?.eventId ?? '', limit],
    );
    return rows.map((row) => ({ archive: row.archive, eventId: row.event_id, eventTime: Number(row.event_time), json: row.json, archivedAt: Number(row.archived_at) }));
  }

  async archiveStats(archive: string): Promise<{ eventCount: number; sizeBytes: number }> {
    const [row] = await query<{ n: string; bytes: string }>(
      this.#pool,
      'SELECT count(*) AS n, coalesce(sum(size), 0) AS bytes FROM bus_archived_events WHERE archive = $1',
      [archive],
    );
    return { eventCount: Number(row?.n ?? 0), sizeBytes: Number(row?.bytes ?? 0) };
  }

  async trimArchive(archive: string, before: number): Promise<number> {
    const [row] = await query<{ n: number }>(
      this.#pool,
      'WITH gone AS (DELETE FROM bus_archived_events WHERE archive = $1 AND event_time < $2 RETURNING 1) SELECT count(*)::integer AS n FROM gone',
      [archive, before],
    );
    return row?.n ?? 0;
  }

  async clearArchive(archive: string): Promise<void> {
    await query(this.#pool, 'DELETE FROM bus_archived_events WHERE archive = $1', [archive]);
  }

  #toDelivery(row: DeliveryRow): StoredDelivery {
    let target = this.#targets.get(row.target);
    if (target === undefined && !this.#targets.has(row.target)) {
      if (this.#targets.size >= 1000) this.#targets.clear(); // bounded: targets change rarely
      target = JSON.parse(row.target) as unknown;
      this.#targets.set(row.target, target);
    }
    return {
      id: row.id,
      bus: row.bus,
      rule: row.rule,
      targetId: row.target_id,
      eventId: row.event_id,
      payload: row.payload,
      target,
      acceptedAt: Number(row.accepted_at),
      dueAt: Number(row.due_at),
      attempts: row.attempts,
      ...(row.last_error !== null && { lastError: row.last_error }),
    };
  }
}
