import type { Database } from 'better-sqlite3';
import { lazy, type LazyStatement } from './lazy-statement.js';
import type { ClusterNode, ClusterStore, LeaseHolder } from '../cluster-store.js';
import type { SqliteQueueHost } from './sqlite-queue-store.js';

interface NodeRow {
  node_id: string;
  joined_at: number;
  until: number;
  info: string | null;
}

/**
 * ClusterStore on the SQLite engine's connection. Heartbeats and lease changes join the group commit as
 * the shard leases do (one statement each); several processes on one file serialise on its write lock.
 * They are answered once committed, without waiting for the WAL's flush (a start made five such waits
 * one after the other): a power loss ends every process on the file, and the next start forgets the
 * nodes and the lease it finds (start-cluster.ts).
 */
export class SqliteClusterStore implements ClusterStore {
  readonly #host: SqliteQueueHost;
  readonly #heartbeat: LazyStatement<[nodeId: string, now: number, until: number, info: string | null]>;
  readonly #live: LazyStatement<[now: number], NodeRow>;
  readonly #leave: LazyStatement<[nodeId: string]>;
  readonly #forget: LazyStatement<[before: number]>;
  readonly #claim: LazyStatement<[name: string, owner: string, until: number, now: number]>;
  readonly #release: LazyStatement<[name: string, owner: string]>;
  readonly #holder: LazyStatement<[name: string, now: number], LeaseHolder>;

  constructor(db: Database, host: SqliteQueueHost) {
    this.#host = host;
    // An expired node's heartbeat is a new run of it: it joins again, at the end of the order.
    this.#heartbeat = lazy(
      db,
      `INSERT INTO cluster_nodes (node_id, joined_at, until, info) VALUES (?, ?, ?, ?)
       ON CONFLICT (node_id) DO UPDATE SET
         joined_at = CASE WHEN cluster_nodes.until <= excluded.joined_at THEN excluded.joined_at ELSE cluster_nodes.joined_at END,
         until = excluded.until, info = excluded.info`,
    );
    this.#live = lazy(db, 'SELECT node_id, joined_at, until, info FROM cluster_nodes WHERE until > ? ORDER BY joined_at, node_id');
    this.#leave = lazy(db, 'DELETE FROM cluster_nodes WHERE node_id = ?');
    this.#forget = lazy(db, 'DELETE FROM cluster_nodes WHERE until < ?');
    // Insert-or-take-over in one statement: an existing row is taken only when expired or already the claimant's.
    this.#claim = lazy(
      db,
      `INSERT INTO cluster_leases (name, owner, until) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
       WHERE cluster_leases.owner = excluded.owner OR cluster_leases.until <= ?`,
    );
    this.#release = lazy(db, 'DELETE FROM cluster_leases WHERE name = ? AND owner = ?');
    this.#holder = lazy(db, 'SELECT owner, until FROM cluster_leases WHERE name = ? AND until > ?');
  }

  async heartbeat(nodeId: string, now: number, until: number, info?: unknown): Promise<void> {
    const text = info === undefined ? null : JSON.stringify(info);
    await this.#host.enqueueCommitted(() => this.#heartbeat.run(nodeId, now, until, text));
  }

  async liveNodes(now: number): Promise<ClusterNode[]> {
    return this.#host.read(() => this.#live.all(now).map(toNode));
  }

  async leave(nodeId: string): Promise<void> {
    await this.#host.enqueueCommitted(() => this.#leave.run(nodeId));
  }

  forgetNodes(before: number): Promise<number> {
    return this.#host.enqueueCommitted(() => this.#forget.run(before).changes);
  }

  claimLease(name: string, owner: string, now: number, until: number): Promise<boolean> {
    return this.#host.enqueueCommitted(() => this.#claim.run(name, owner, until, now).changes === 1);
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await this.#host.enqueueCommitted(() => this.#release.run(name, owner));
  }

  async leaseHolder(name: string, now: number): Promise<LeaseHolder | undefined> {
    return this.#host.read(() => {
      const row = this.#holder.get(name, now);
      return row && { owner: row.owner, until: row.until };
    });
  }
}

function toNode(row: NodeRow): ClusterNode {
  return { nodeId: row.node_id, joinedAt: row.joined_at, until: row.until, ...(row.info !== null && { info: JSON.parse(row.info) as unknown }) };
}
