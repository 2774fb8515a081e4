/**
 * How many of `total` shards the node at `rank` (0-based, in the order every node sees) of `nodes` live
 * nodes should hold: `total` split as evenly as it goes, the first `total % nodes` ranks taking one more.
 * Summed over the ranks it is exactly `total`, so when every node holds its share no shard is left over;
 * ranks only move when a node ahead leaves, and a joining node comes last.
 */
export function fairShare(total: number, nodes: number, rank: number): number {
  if (total <= 0) return 0;
  if (nodes <= 1) return total;
  return Math.floor(total / nodes) + (rank < total % nodes ? 1 : 0);
}
