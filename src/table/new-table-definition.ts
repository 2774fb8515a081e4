import { randomUUID } from 'node:crypto';
import { firstPolicy } from './resource-policy.js';
import { streamLabel } from './stream-label.js';
import type { IndexDefinition, KeyShape, ProvisionedThroughput, TableDefinition } from './table-definition.js';
import type { ValidCreateTable } from './validation/create-table.js';
import type { AttributeDefinition, KeySchemaElement, SecondaryIndexInput } from './validation/table-shapes.js';

/**
 * Key schema as stored: key attribute names with their types from AttributeDefinitions. A GSI's
 * multi-attribute key (several HASH, then several RANGE elements) also keeps every attribute in order.
 */
export function keyShapeOf(keySchema: readonly KeySchemaElement[], definitions: readonly AttributeDefinition[]): KeyShape {
  const attributeOf = (element: KeySchemaElement) => ({
    name: element.AttributeName,
    type: definitions.find((definition) => definition.AttributeName === element.AttributeName)!.AttributeType,
  });
  const hashes = keySchema.filter((element) => element.KeyType === 'HASH').map(attributeOf);
  const ranges = keySchema.filter((element) => element.KeyType === 'RANGE').map(attributeOf);
  const key: KeyShape = { partition: hashes[0]! };
  if (ranges.length > 0) key.sort = ranges[0]!;
  if (hashes.length > 1) key.partitionAttributes = hashes;
  if (ranges.length > 1) key.sortAttributes = ranges;
  return key;
}

export function throughputOf(input: { ReadCapacityUnits: number; WriteCapacityUnits: number } | undefined): ProvisionedThroughput {
  return {
    ReadCapacityUnits: input?.ReadCapacityUnits ?? 0,
    WriteCapacityUnits: input?.WriteCapacityUnits ?? 0,
    NumberOfDecreasesToday: 0,
  };
}

/** A GSI (or LSI, without throughput) as stored; created ACTIVE — index backfill comes separately. */
export function indexDefinitionOf(
  index: SecondaryIndexInput,
  definitions: readonly AttributeDefinition[],
  kind: 'global' | 'local',
  payPerRequest: boolean,
): IndexDefinition {
  const definition: IndexDefinition = {
    name: index.IndexName,
    key: keyShapeOf(index.KeySchema, definitions),
    projection: {
      ProjectionType: index.Projection.ProjectionType!,
      ...(index.Projection.NonKeyAttributes ? { NonKeyAttributes: index.Projection.NonKeyAttributes } : {}),
    },
  };
  if (kind === 'global') {
    definition.status = 'ACTIVE';
    definition.provisionedThroughput = throughputOf(payPerRequest ? undefined : index.ProvisionedThroughput);
    const extra: Record<string, unknown> = {};
    if (index.OnDemandThroughput && Object.keys(index.OnDemandThroughput).length > 0) extra.OnDemandThroughput = index.OnDemandThroughput;
    if (index.WarmThroughput && Object.keys(index.WarmThroughput).length > 0) extra.WarmThroughput = index.WarmThroughput;
    if (Object.keys(extra).length > 0) definition.extra = extra;
  }
  return definition;
}

/** The stored definition of a table created now from a validated CreateTable request. */
export function newTableDefinition(request: ValidCreateTable, now: number, kmsKeyArn: (keyId?: string) => string): TableDefinition {
  const payPerRequest = request.BillingMode === 'PAY_PER_REQUEST';
  const definitions = request.AttributeDefinitions;
  const table: TableDefinition = {
    name: request.TableName,
    id: randomUUID(),
    createdAt: now,
    key: keyShapeOf(request.KeySchema, definitions),
    attributeDefinitions: definitions.map((d) => ({ AttributeName: d.AttributeName, AttributeType: d.AttributeType })),
    billingMode: payPerRequest ? 'PAY_PER_REQUEST' : 'PROVISIONED',
    provisionedThroughput: throughputOf(request.ProvisionedThroughput),
    globalIndexes: (request.GlobalSecondaryIndexes ?? []).map((index) => indexDefinitionOf(index, definitions, 'global', payPerRequest)),
    localIndexes: (request.LocalSecondaryIndexes ?? []).map((index) => indexDefinitionOf(index, definitions, 'local', payPerRequest)),
    tags: request.tags,
    deletionProtection: request.DeletionProtectionEnabled ?? false,
    tableClass: request.TableClass ?? 'STANDARD',
  };
  // Stored, not enforced; a stream's policy can only be put once the stream exists (as on AWS).
  if (request.ResourcePolicy !== undefined) table.resourcePolicy = firstPolicy(request.ResourcePolicy, now);
  if (request.StreamSpecification?.StreamEnabled) {
    table.stream = { enabled: true, viewType: request.StreamSpecification.StreamViewType! };
    table.latestStreamLabel = streamLabel(now);
  }
  const extra: Record<string, unknown> = {};
  // AWS shows BillingModeSummary only when a billing mode was chosen explicitly.
  if (request.BillingMode) {
    extra.BillingModeSummary = payPerRequest
      ? { BillingMode: 'PAY_PER_REQUEST', LastUpdateToPayPerRequestDateTime: now / 1000 }
      : { BillingMode: 'PROVISIONED' };
  }
  // An absent TableClassSummary means STANDARD; AWS shows it once a class is given.
  if (request.TableClass) extra.TableClassSummary = { TableClass: request.TableClass };
  const sse = request.SSESpecification;
  if (sse && (sse.Enabled === true || (sse.Enabled === undefined && sse.SSEType === 'KMS'))) {
    extra.SSEDescription = { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: kmsKeyArn(sse.KMSMasterKeyId) };
  }
  if (request.OnDemandThroughput && Object.keys(request.OnDemandThroughput).length > 0) extra.OnDemandThroughput = request.OnDemandThroughput;
  if (request.WarmThroughput && Object.keys(request.WarmThroughput).length > 0) extra.WarmThroughput = request.WarmThroughput;
  if (Object.keys(extra).length > 0) table.extra = extra;
  return table;
}
