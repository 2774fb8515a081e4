import { backupArnShape } from './backup-arn.js';
import { checkInput } from './check-input.js';
import { structure } from './shape.js';

export interface DescribeBackupInput {
  BackupArn: string;
}

export const describeBackupShape = structure('DescribeBackupInput', { BackupArn: backupArnShape() });

export function validateDescribeBackup(input: unknown): DescribeBackupInput {
  return checkInput<DescribeBackupInput>(input, describeBackupShape);
}
