import { backupArnShape } from './backup-arn.js';
import { checkInput } from './check-input.js';
import { structure } from './shape.js';

export interface DeleteBackupInput {
  BackupArn: string;
}

export const deleteBackupShape = structure('DeleteBackupInput', { BackupArn: backupArnShape() });

export function validateDeleteBackup(input: unknown): DeleteBackupInput {
  return checkInput<DeleteBackupInput>(input, deleteBackupShape);
}
