import { tableArn, type Deployment } from '../../shared/arns.js';
import { kmsKeyArn } from '../kms-key-arn.js';
import { newTableDefinition } from '../new-table-definition.js';
import type { IndexDefinition, TableDefinition } from '../table-definition.js';
import { keySchemaOf } from '../table-description.js';
import { validateCreateTable, type CreateTableInput } from '../validation/create-table.js';
import type { RestoreTableFromBackupInput } from '../validation/restore-table-from-backup.js';
import type { OnDemandThroughput, ProvisionedThroughputInput, SecondaryIndexInput } from '../validation/table-shapes.js';

/** The overrides of RestoreTableFromBackup and RestoreTableToPointInTime, and the new table's name. */
export type RestoreOverrides = Omit<RestoreTableFromBackupInput, 'BackupArn'>;

/** What a table is restored from: the source's definition (at backup time, or now for a point-in-time restore). */
export interface RestoreSource {
  readonly table: TableDefinition;
  readonly backupArn?: string;
  /** Epoch ms, RestoreSummary.RestoreDateTime: the time restored to. */
  readonly restoredTo: number;
}

/**
 * The definition of a table restored now from `from`: its key schema, its indexes (or the overrides
 * in their place), its billing mode and throughput as at backup time (or the overrides), its
 * encryption (or the override); a new table id and creation time, standard class, no tags, no stream,
 * no TTL, no deletion protection — what AWS documents a restore keeps and loses. The result is held
 * to CreateTable's rules and messages, so an override is refused exactly as the same CreateTable would be.
 */
export function restoredTableDefinition(
  deployment: Deployment,
  from: RestoreSource,
  request: RestoreOverrides,
  now: number,
): TableDefinition {
  const source = from.table;
  const billing = request.BillingModeOverride ?? source.billingMode;
  const provisioned = billing === 'PROVISIONED';
  const tableThroughput = request.ProvisionedThroughputOverride ?? (source.billingMode === 'PROVISIONED' ? capacity(source.provisionedThroughput) : undefined);
  const globals =
    request.GlobalSecondaryIndexOverride ??
    source.globalIndexes.map((index) => ({
      ...indexInput(index),
      // Unconfirmed: a GSI of an on-demand backup restored as PROVISIONED takes the table's throughput.
      ...withThroughput(provisioned ? (capacity(index.provisionedThroughput) ?? tableThroughput) : undefined),
      ...(!provisioned && index.extra?.OnDemandThroughput ? { OnDemandThroughput: index.extra.OnDemandThroughput as OnDemandThroughput } : {}),
    }));
  const locals = request.LocalSecondaryIndexOverride ?? source.localIndexes.map(indexInput);
  const used = new Set(keySchemaOf(source.key).map((key) => key.AttributeName));
  for (const index of [...globals, ...locals]) for (const key of index.KeySchema) used.add(key.AttributeName);
  const onDemand = request.OnDemandThroughputOverride ?? (provisioned ? undefined : source.extra?.OnDemandThroughput);
  const create: CreateTableInput = {
    TableName: request.TargetTableName,
    // Only the attributes the restored key schemas use: CreateTable refuses unused definitions. An
    // override naming an attribute the backup never defined fails CreateTable's key-schema check.
    AttributeDefinitions: source.attributeDefinitions.filter((definition) => used.has(definition.AttributeName)),
    KeySchema: keySchemaOf(source.key),
    BillingMode: billing,
    // An override on an on-demand restore is passed on for CreateTable to refuse.
    ...withThroughput(provisioned ? tableThroughput : request.ProvisionedThroughputOverride),
    ...(globals.length > 0 && { GlobalSecondaryIndexes: globals }),
    ...(locals.length > 0 && { LocalSecondaryIndexes: locals }),
    ...(request.SSESpecificationOverride && { SSESpecification: request.SSESpecificationOverride }),
    ...(onDemand !== undefined && { OnDemandThroughput: onDemand as OnDemandThroughput }),
  };
  const table = newTableDefinition(validateCreateTable(create), now, (keyId) => kmsKeyArn(deployment, keyId));
  const extra = (table.extra ??= {});
  if (!request.SSESpecificationOverride && source.extra?.SSEDescription) extra.SSEDescription = source.extra.SSEDescription;
  // Eddy restores within the call (see RestoreTableFromBackup), so the summary says it is done.
  extra.RestoreSummary = {
    ...(from.backupArn !== undefined && { SourceBackupArn: from.backupArn }),
    SourceTableArn: tableArn(deployment, source.name),
    RestoreDateTime: from.restoredTo / 1000,
    RestoreInProgress: false,
  };
  return table;
}

function indexInput(index: IndexDefinition): SecondaryIndexInput {
  return { IndexName: index.name, KeySchema: keySchemaOf(index.key), Projection: { ...index.projection } };
}

/** Stored throughput as a request's, or undefined when none was set (on-demand). */
function capacity(throughput: { ReadCapacityUnits: number; WriteCapacityUnits: number } | undefined): ProvisionedThroughputInput | undefined {
  if (!throughput || (throughput.ReadCapacityUnits === 0 && throughput.WriteCapacityUnits === 0)) return undefined;
  return { ReadCapacityUnits: throughput.ReadCapacityUnits, WriteCapacityUnits: throughput.WriteCapacityUnits };
}

function withThroughput(throughput: ProvisionedThroughputInput | undefined): { ProvisionedThroughput?: ProvisionedThroughputInput } {
  return throughput ? { ProvisionedThroughput: throughput } : {};
}
