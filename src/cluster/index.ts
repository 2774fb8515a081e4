/** The cluster context owns this node's place among the nodes sharing one database: heartbeats, the maintenance leader, fair shares. */
export { ClusterMembership, MAINTENANCE_LEASE, DEFAULT_CLUSTER_LEASE_MS, type ClusterMembershipOptions } from './cluster-membership.js';
export { fairShare } from './fair-share.js';
export { startCluster, type ClusterOptions } from './start-cluster.js';
