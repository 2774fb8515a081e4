import { indexArn, tableArn, type Deployment } from '../shared/arns.js';
import type { TableStats } from '../storage/engine.js';
import { partitionAttributesOf, sortAttributesOf } from './indexes/index-key.js';
import { latestStreamArn } from './stream-label.js';
import type { IndexDefinition, KeyShape, ProvisionedThroughput, TableDefinition } from './table-definition.js';
import { indexWarmThroughput, tableWarmThroughput } from './warm-throughput.js';

export type TableStatus = 'CREATING' | 'UPDATING' | 'DELETING' | 'ACTIVE';

/** KeySchema on the wire: HASH first, then RANGE (a multi-attribute GSI key's attributes in the order given). */
export function keySchemaOf(key: KeyShape): { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[] {
  return [
    ...partitionAttributesOf(key).map((a) => ({ AttributeName: a.name, KeyType: 'HASH' as const })),
    ...sortAttributesOf(key).map((a) => ({ AttributeName: a.name, KeyType: 'RANGE' as const })),
  ];
}

function throughputDescription(throughput: ProvisionedThroughput | undefined): ProvisionedThroughput {
  const out: ProvisionedThroughput = {} as ProvisionedThroughput;
  if (throughput?.LastIncreaseDateTime !== undefined) out.LastIncreaseDateTime = throughput.LastIncreaseDateTime;
  if (throughput?.LastDecreaseDateTime !== undefined) out.LastDecreaseDateTime = throughput.LastDecreaseDateTime;
  out.NumberOfDecreasesToday = throughput?.NumberOfDecreasesToday ?? 0;
  out.ReadCapacityUnits = throughput?.ReadCapacityUnits ?? 0;
  out.WriteCapacityUnits = throughput?.WriteCapacityUnits ?? 0;
  return out;
}

/** How a TableDescription is being answered. */
export interface DescriptionOptions {
  /**
   * CreateTable's answer: AWS leaves WarmThroughput out of it unless the request set one (observed,
   * ack-api-quirks dynamodb 2026-10), though DescribeTable always shows it.
   */
  readonly creating?: boolean;
}

/**
 * AWS's TableDescription for a stored table (DescribeTable, and the body of CreateTable, UpdateTable and
 * DeleteTable responses). `indexStats` gives each index's ItemCount and IndexSizeBytes (0 when absent).
 */
export function tableDescription(
  deployment: Deployment,
  table: TableDefinition,
  stats: TableStats,
  status: TableStatus = 'ACTIVE',
  indexStats: ReadonlyMap<string, TableStats> = new Map(),
  options: DescriptionOptions = {},
): Record<string, unknown> {
  const arn = tableArn(deployment, table.name);
  const extra = table.extra ?? {};
  const description: Record<string, unknown> = {
    AttributeDefinitions: table.attributeDefinitions,
    TableName: table.name,
    KeySchema: keySchemaOf(table.key),
    TableStatus: status,
    CreationDateTime: table.createdAt / 1000,
    ProvisionedThroughput: throughputDescription(table.provisionedThroughput),
    TableSizeBytes: stats.sizeBytes,
    ItemCount: stats.itemCount,
    TableArn: arn,
    TableId: table.id,
  };
  if (extra.BillingModeSummary) description.BillingModeSummary = billingModeSummary(extra.BillingModeSummary, options);
  if (table.localIndexes.length > 0) {
    description.LocalSecondaryIndexes = table.localIndexes.map((index) => ({
      IndexName: index.name,
      KeySchema: keySchemaOf(index.key),
      Projection: index.projection,
      IndexSizeBytes: indexStats.get(index.name)?.sizeBytes ?? 0,
      ItemCount: indexStats.get(index.name)?.itemCount ?? 0,
      IndexArn: indexArn(deployment, table.name, index.name),
    }));
  }
  if (table.globalIndexes.length > 0) {
    description.GlobalSecondaryIndexes = table.globalIndexes.map((index) =>
      globalIndexDescription(deployment, table, index, indexStats.get(index.name), options),
    );
  }
  if (table.stream?.enabled) {
    description.StreamSpecification = { StreamEnabled: true, StreamViewType: table.stream.viewType };
  }
  const streamArn = latestStreamArn(deployment, table);
  if (streamArn) {
    description.LatestStreamLabel = table.latestStreamLabel;
    description.LatestStreamArn = streamArn;
  }
  if (extra.RestoreSummary) description.RestoreSummary = extra.RestoreSummary;
  if (extra.SSEDescription) description.SSEDescription = extra.SSEDescription;
  if (extra.TableClassSummary) description.TableClassSummary = extra.TableClassSummary;
  description.DeletionProtectionEnabled = table.deletionProtection;
  if (extra.OnDemandThroughput) description.OnDemandThroughput = extra.OnDemandThroughput;
  if (!options.creating || extra.WarmThroughput) description.WarmThroughput = { ...tableWarmThroughput(table), Status: 'ACTIVE' };
  return description;
}

/** CreateTable's answer leaves LastUpdateToPayPerRequestDateTime out; DescribeTable shows it (observed on AWS). */
function billingModeSummary(summary: unknown, options: DescriptionOptions): unknown {
  if (!options.creating) return summary;
  const { LastUpdateToPayPerRequestDateTime: _left, ...rest } = summary as Record<string, unknown>;
  return rest;
}

/** A GSI is CREATING only while Eddy backfills it, so Backfilling is true exactly then. */
function globalIndexDescription(
  deployment: Deployment,
  table: TableDefinition,
  index: IndexDefinition,
  stats: TableStats | undefined,
  options: DescriptionOptions,
): Record<string, unknown> {
  const status = index.status ?? 'ACTIVE';
  const description: Record<string, unknown> = {
    IndexName: index.name,
    KeySchema: keySchemaOf(index.key),
    Projection: index.projection,
    IndexStatus: status,
  };
  if (status === 'CREATING') description.Backfilling = true;
  description.ProvisionedThroughput = throughputDescription(index.provisionedThroughput);
  description.IndexSizeBytes = stats?.sizeBytes ?? 0;
  description.ItemCount = stats?.itemCount ?? 0;
  description.IndexArn = indexArn(deployment, table.name, index.name);
  const extra = index.extra ?? {};
  if (extra.OnDemandThroughput) description.OnDemandThroughput = extra.OnDemandThroughput;
  if (!options.creating || extra.WarmThroughput) {
    description.WarmThroughput = { ...indexWarmThroughput(table, index), Status: 'ACTIVE' };
  }
  return description;
}
