import { indexArn, tableArn, type Deployment } from '../shared/arns.js';
import type { TableStats } from '../storage/engine.js';
import { latestStreamArn } from './stream-label.js';
import type { IndexDefinition, KeyShape, ProvisionedThroughput, TableDefinition } from './table-definition.js';

export type TableStatus = 'CREATING' | 'UPDATING' | 'DELETING' | 'ACTIVE';

/** KeySchema on the wire: HASH first, then RANGE. */
export function keySchemaOf(key: KeyShape): { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[] {
  const schema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[] = [{ AttributeName: key.partition.name, KeyType: 'HASH' }];
  if (key.sort) schema.push({ AttributeName: key.sort.name, KeyType: 'RANGE' });
  return schema;
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

/**
 * AWS's TableDescription for a stored table (DescribeTable, and the body of CreateTable, UpdateTable and
 * DeleteTable responses). Index item counts and sizes are not tracked yet and read 0.
 */
export function tableDescription(
  deployment: Deployment,
  table: TableDefinition,
  stats: TableStats,
  status: TableStatus = 'ACTIVE',
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
  if (extra.BillingModeSummary) description.BillingModeSummary = extra.BillingModeSummary;
  if (table.localIndexes.length > 0) {
    description.LocalSecondaryIndexes = table.localIndexes.map((index) => ({
      IndexName: index.name,
      KeySchema: keySchemaOf(index.key),
      Projection: index.projection,
      IndexSizeBytes: 0,
      ItemCount: 0,
      IndexArn: indexArn(deployment, table.name, index.name),
    }));
  }
  if (table.globalIndexes.length > 0) {
    description.GlobalSecondaryIndexes = table.globalIndexes.map((index) => globalIndexDescription(deployment, table, index));
  }
  if (table.stream?.enabled) {
    description.StreamSpecification = { StreamEnabled: true, StreamViewType: table.stream.viewType };
  }
  const streamArn = latestStreamArn(deployment, table);
  if (streamArn) {
    description.LatestStreamLabel = table.latestStreamLabel;
    description.LatestStreamArn = streamArn;
  }
  if (extra.SSEDescription) description.SSEDescription = extra.SSEDescription;
  if (extra.TableClassSummary) description.TableClassSummary = extra.TableClassSummary;
  description.DeletionProtectionEnabled = table.deletionProtection;
  if (extra.OnDemandThroughput) description.OnDemandThroughput = extra.OnDemandThroughput;
  if (extra.WarmThroughput) description.WarmThroughput = { ...(extra.WarmThroughput as object), Status: 'ACTIVE' };
  return description;
}

function globalIndexDescription(deployment: Deployment, table: TableDefinition, index: IndexDefinition): Record<string, unknown> {
  const description: Record<string, unknown> = {
    IndexName: index.name,
    KeySchema: keySchemaOf(index.key),
    Projection: index.projection,
    IndexStatus: index.status ?? 'ACTIVE',
    ProvisionedThroughput: throughputDescription(index.provisionedThroughput),
    IndexSizeBytes: 0,
    ItemCount: 0,
    IndexArn: indexArn(deployment, table.name, index.name),
  };
  const extra = index.extra ?? {};
  if (extra.OnDemandThroughput) description.OnDemandThroughput = extra.OnDemandThroughput;
  if (extra.WarmThroughput) description.WarmThroughput = { ...(extra.WarmThroughput as object), Status: 'ACTIVE' };
  return description;
}
