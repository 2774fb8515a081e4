import { checkInput } from './check-input.js';
import { controlTableNameShape, NAME_PATTERN } from './common-shapes.js';
import { string, structure } from './shape.js';

export interface CreateBackupInput {
  /** A table name or ARN. */
  TableName: string;
  BackupName: string;
}

export const createBackupShape = structure('CreateBackupInput', {
  TableName: controlTableNameShape(),
  BackupName: string({ required: true, pattern: NAME_PATTERN, minLength: 3, maxLength: 255 }),
});

export function validateCreateBackup(input: unknown): CreateBackupInput {
  return checkInput<CreateBackupInput>(input, createBackupShape);
}
