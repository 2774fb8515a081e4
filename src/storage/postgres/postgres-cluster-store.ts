import type { Pool } from 'pg';
import type { ClusterNode, ClusterStore, LeaseHolder } from '../cluster-store.js';
import { query } from './pg-pool.js';

interface NodeRow {
  node_id: string;
  /** bigint columns arrive as text (pg-pool.ts). */
  joined_at: string;
  until: string;
  info: string | null;
}

/**
 * ClusterStore on PostgreSQL (migration 14). Each call is one statement: INSERT … ON CONFLICT DO UPDATE
 * … WHERE locks the existing row and re-checks the condition on its latest version, so of two nodes
 * claiming a free or expired lease at once exactly one gets it, with no transaction to retry.
 */
export class PostgresClusterStore implements ClusterStore {
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  async heartbeat(nodeId: string, now: number, until: number, info?: unknown): Promise<void> {
    // An expired node's heartbeat is a new run of it: it joins again, at the end of the order.
    await query(
      this.#pool,
      `INSERT INTO cluster_nodes (node_id, joined_at, until, info) VALUES ($1, $2, $3, $4)
       ON CONFLICT (node_id) DO UPDATE SET
         joined_at = CASE WHEN cluster_nodes.until <= EXCLUDED.joined_at THEN EXCLUDED.joined_at ELSE cluster_nodes.joined_at END,
         until = EXCLUDED.until, info = EXCLUDED.info`,
      [nodeId, now, until, info === undefined ? null : JSON.stringify(info)],
    );
  }

  async liveNodes(now: number): Promise<ClusterNode[]> {
    const rows = await query<NodeRow>(this.#pool, 'SELECT node_id, joined_at, until, info FROM cluster_nodes WHERE until > $1 ORDER BY joined_at, node_id', [now]);
    return rows.map(toNode);
  }

  async leave(nodeId: string): Promise<void> {
    await query(this.#pool, 'DELETE FROM cluster_nodes WHERE node_id = $1', [nodeId]);
  }

  async forgetNodes(before: number): Promise<number> {
    return (await query(this.#pool, 'DELETE FROM cluster_nodes WHERE until < $1 RETURNING 1 AS forgotten', [before])).length;
  }

  async claimLease(name: string, owner: string, now: number, until: number): Promise<boolean> {
    const rows = await query(
      this.#pool,
      `INSERT INTO cluster_leases (name, owner, until) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, until = EXCLUDED.until
       WHERE cluster_leases.owner = EXCLUDED.owner OR cluster_leases.until <= $4
       RETURNING 1 AS claimed`,
      [name, owner, until, now],
    );
    return rows.length === 1;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await query(this.#pool, 'DELETE FROM cluster_leases WHERE name = $1 AND owner = $2', [name, owner]);
  }

  async leaseHolder(name: string, now: number): Promise<LeaseHolder | undefined> {
    const [row] = await query<{ owner: string; until: string }>(this.#pool, 'SELECT owner, until FROM cluster_leases WHERE name = $1 AND until > $2', [name, now]);
    return row && { owner: row.owner, until: Number(row.until) };
  }
}

function toNode(row: NodeRow): ClusterNode {
  return {
    nodeId: row.node_id,
    joinedAt: Number(row.joined_at),
    until: Number(row.until),
    ...(row.info !== null && { info: JSON.parse(row.info) as unknown }),
  };
}
