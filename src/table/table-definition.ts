import type { ScalarAttributeType } from './values/attribute-value.js';

/** A key attribute of a table or index. */
export interface KeyAttribute {
  name: string;
  type: ScalarAttributeType;
}

export interface KeyShape {
  partition: KeyAttribute;
  sort?: KeyAttribute;
  /**
   * A GSI's multi-attribute key: every partition-key (sort-key) attribute in KeySchema order, set only
   * when there are several; `partition` (`sort`) is then the first. Read through indexes/index-key.ts.
   */
  partitionAttributes?: KeyAttribute[];
  sortAttributes?: KeyAttribute[];
}

export interface Projection {
  ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  NonKeyAttributes?: string[];
}

export interface ProvisionedThroughput {
  ReadCapacityUnits: number;
  WriteCapacityUnits: number;
  LastIncreaseDateTime?: number;
  LastDecreaseDateTime?: number;
  NumberOfDecreasesToday?: number;
}

export interface IndexDefinition {
  name: string;
  key: KeyShape;
  projection: Projection;
  /** GSIs only; absent on PAY_PER_REQUEST tables. */
  provisionedThroughput?: ProvisionedThroughput;
  /** GSIs only: CREATING while backfilling, DELETING while being removed, else ACTIVE. */
  status?: 'CREATING' | 'UPDATING' | 'DELETING' | 'ACTIVE';
  /** OnDemandThroughput and other settings accepted and echoed as given. */
  extra?: Record<string, unknown>;
}

export interface StreamSettings {
  enabled: boolean;
  viewType?: 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';
}

/**
 * A resource-based policy as PutResourcePolicy (or CreateTable's ResourcePolicy) gave it: the document
 * byte for byte and its revision. Stored and returned, never enforced.
 */
export interface StoredPolicy {
  document: string;
  revisionId: string;
}

/**
 * Everything Eddy stores about a table (the engine keeps it as JSON). Wire member names appear only
 * where the value is echoed verbatim; DescribeTable builds AWS's TableDescription from this.
 */
export interface TableDefinition {
  name: string;
  /** UUID, as TableId in DescribeTable. */
  id: string;
  /** Epoch milliseconds. */
  createdAt: number;
  key: KeyShape;
  attributeDefinitions: { AttributeName: string; AttributeType: ScalarAttributeType }[];
  billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  /** Set for PROVISIONED tables. */
  provisionedThroughput?: ProvisionedThroughput;
  globalIndexes: IndexDefinition[];
  localIndexes: IndexDefinition[];
  stream?: StreamSettings;
  /** Label of the newest stream (ISO timestamp with ms, no zone), kept after disable, as AWS does. */
  latestStreamLabel?: string;
  ttl?: { attributeName: string; enabled: boolean };
  tags: { Key: string; Value: string }[];
  deletionProtection: boolean;
  tableClass: 'STANDARD' | 'STANDARD_INFREQUENT_ACCESS';
  /** The table's resource-based policy. */
  resourcePolicy?: StoredPolicy;
  /** The policy of the stream labelled `label`; it applies only while that is the table's latest stream. */
  streamPolicy?: StoredPolicy & { label: string };
  /** Other CreateTable / UpdateTable settings Eddy accepts and echoes (SSE, warm throughput, …). */
  extra?: Record<string, unknown>;
}
