import { backupArnShape } from './backup-arn.js';
import { checkInput } from './check-input.js';
import { controlTableNameShape } from './common-shapes.js';
import { enumOf, list, structure } from './shape.js';
import {
  onDemandThroughputShape,
  provisionedThroughputShape,
  secondaryIndexShape,
  sseSpecificationShape,
  type BillingMode,
  type OnDemandThroughput,
  type ProvisionedThroughputInput,
  type SecondaryIndexInput,
  type SSESpecification,
} from './table-shapes.js';

export interface RestoreTableFromBackupInput {
  TargetTableName: string;
  BackupArn: string;
  BillingModeOverride?: BillingMode;
  GlobalSecondaryIndexOverride?: SecondaryIndexInput[];
  LocalSecondaryIndexOverride?: SecondaryIndexInput[];
  ProvisionedThroughputOverride?: ProvisionedThroughputInput;
  OnDemandThroughputOverride?: OnDemandThroughput;
  SSESpecificationOverride?: SSESpecification;
}

export const restoreTableFromBackupShape = structure('RestoreTableFromBackupInput', {
  TargetTableName: controlTableNameShape({ arn: false }),
  BackupArn: backupArnShape(),
  BillingModeOverride: enumOf(['PROVISIONED', 'PAY_PER_REQUEST']),
  GlobalSecondaryIndexOverride: list(secondaryIndexShape('GlobalSecondaryIndex')),
  LocalSecondaryIndexOverride: list(secondaryIndexShape('LocalSecondaryIndex')),
  ProvisionedThroughputOverride: provisionedThroughputShape(),
  OnDemandThroughputOverride: onDemandThroughputShape(),
  SSESpecificationOverride: sseSpecificationShape(),
});

/** Shape checks only: the table to restore is then held to CreateTable's rules (backups/restored-table.ts). */
export function validateRestoreTableFromBackup(input: unknown): RestoreTableFromBackupInput {
  return checkInput<RestoreTableFromBackupInput>(input, restoreTableFromBackupShape);
}
