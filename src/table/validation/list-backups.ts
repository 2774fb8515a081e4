import { checkInput } from './check-input.js';
import { NAME_PATTERN } from './common-shapes.js';
import { double, enumOf, integer, string, structure } from './shape.js';

export type BackupTypeFilter = 'USER' | 'SYSTEM' | 'AWS_BACKUP' | 'ALL';

export interface ListBackupsInput {
  /** A table name or ARN. */
  TableName?: string;
  Limit?: number;
  /** Epoch seconds, as the JSON protocol sends timestamps. */
  TimeRangeLowerBound?: number;
  TimeRangeUpperBound?: number;
  ExclusiveStartBackupArn?: string;
  BackupType?: BackupTypeFilter;
}

export const listBackupsShape = structure('ListBackupsInput', {
  TableName: string({ pattern: NAME_PATTERN, minLength: 3, maxLength: 255, orTableArn: true }),
  Limit: integer({ min: 1, max: 100 }),
  TimeRangeLowerBound: double(),
  TimeRangeUpperBound: double(),
  ExclusiveStartBackupArn: string({ minLength: 37, maxLength: 1024 }),
  BackupType: enumOf(['USER', 'SYSTEM', 'AWS_BACKUP', 'ALL']),
});

export function validateListBackups(input: unknown): ListBackupsInput {
  return checkInput<ListBackupsInput>(input, listBackupsShape);
}
