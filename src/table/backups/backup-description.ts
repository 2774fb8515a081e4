import { tableArn, type Deployment } from '../../shared/arns.js';
import type { BackupRecord } from '../../storage/backup-store.js';
import type { TableDefinition } from '../table-definition.js';
import { keySchemaOf } from '../table-description.js';
import { backupExpiresAt } from './system-backup.js';

/** What Eddy keeps of a backup beyond what the engine measured: its name and the table's definition then. */
export interface StoredBackupDetails {
  readonly name: string;
  readonly table: TableDefinition;
}

export type Backup = BackupRecord<StoredBackupDetails>;

/**
 * AVAILABLE as soon as CreateBackup answers: the copy is taken in the call's transaction, so there is
 * no CREATING phase to show (AWS answers CREATING and turns AVAILABLE within seconds). DELETED only in
 * DeleteBackup's answer.
 */
export type BackupStatus = 'AVAILABLE' | 'DELETED';

/** CreateBackup's BackupDetails, also inside DescribeBackup's and DeleteBackup's BackupDescription. */
export function backupDetails(backup: Backup, status: BackupStatus = 'AVAILABLE'): Record<string, unknown> {
  return {
    BackupArn: backup.arn,
    BackupName: backup.details.name,
    BackupSizeBytes: backup.sizeBytes,
    BackupStatus: status,
    BackupType: backup.type,
    BackupCreationDateTime: backup.createdAt / 1000,
    ...expiry(backup),
  };
}

/** One entry of ListBackups' BackupSummaries. */
export function backupSummary(deployment: Deployment, backup: Backup): Record<string, unknown> {
  const table = backup.details.table;
  return {
    TableName: table.name,
    TableId: table.id,
    TableArn: tableArn(deployment, table.name),
    BackupArn: backup.arn,
    BackupName: backup.details.name,
    BackupCreationDateTime: backup.createdAt / 1000,
    ...expiry(backup),
    BackupStatus: 'AVAILABLE',
    BackupType: backup.type,
    BackupSizeBytes: backup.sizeBytes,
  };
}

/** DescribeBackup's (and DeleteBackup's) BackupDescription: the backup, and the table it was taken of as it was then. */
export function backupDescription(deployment: Deployment, backup: Backup, status: BackupStatus = 'AVAILABLE'): Record<string, unknown> {
  return {
    BackupDetails: backupDetails(backup, status),
    SourceTableDetails: sourceTableDetails(deployment, backup),
    SourceTableFeatureDetails: sourceTableFeatureDetails(backup.details.table),
  };
}

function sourceTableDetails(deployment: Deployment, backup: Backup): Record<string, unknown> {
  const table = backup.details.table;
  const details: Record<string, unknown> = {
    TableName: table.name,
    TableId: table.id,
    TableArn: tableArn(deployment, table.name),
    TableSizeBytes: backup.sizeBytes,
    KeySchema: keySchemaOf(table.key),
    TableCreationDateTime: table.createdAt / 1000,
    ProvisionedThroughput: capacityOf(table.provisionedThroughput),
  };
  if (table.extra?.OnDemandThroughput) details.OnDemandThroughput = table.extra.OnDemandThroughput;
  details.ItemCount = backup.itemCount;
  details.BillingMode = table.billingMode;
  return details;
}

function sourceTableFeatureDetails(table: TableDefinition): Record<string, unknown> {
  const features: Record<string, unknown> = {};
  if (table.localIndexes.length > 0) {
    features.LocalSecondaryIndexes = table.localIndexes.map((index) => ({
      IndexName: index.name,
      KeySchema: keySchemaOf(index.key),
      Projection: index.projection,
    }));
  }
  if (table.globalIndexes.length > 0) {
    features.GlobalSecondaryIndexes = table.globalIndexes.map((index) => ({
      IndexName: index.name,
      KeySchema: keySchemaOf(index.key),
      Projection: index.projection,
      ProvisionedThroughput: capacityOf(index.provisionedThroughput),
    }));
  }
  if (table.stream?.enabled) features.StreamDescription = { StreamEnabled: true, StreamViewType: table.stream.viewType };
  if (table.ttl) {
    features.TimeToLiveDescription = { TimeToLiveStatus: table.ttl.enabled ? 'ENABLED' : 'DISABLED', AttributeName: table.ttl.attributeName };
  }
  if (table.extra?.SSEDescription) features.SSEDescription = table.extra.SSEDescription;
  return features;
}

function expiry(backup: Backup): { BackupExpiryDateTime?: number } {
  const expiresAt = backupExpiresAt(backup);
  return expiresAt === undefined ? {} : { BackupExpiryDateTime: expiresAt / 1000 };
}

function capacityOf(throughput: { ReadCapacityUnits: number; WriteCapacityUnits: number } | undefined) {
  return { ReadCapacityUnits: throughput?.ReadCapacityUnits ?? 0, WriteCapacityUnits: throughput?.WriteCapacityUnits ?? 0 };
}
