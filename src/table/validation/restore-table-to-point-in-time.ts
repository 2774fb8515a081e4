import { tableErrors } from '../errors.js';
import type { RestoreOverrides } from '../backups/restored-table.js';
import { checkInput } from './check-input.js';
import { NAME_PATTERN } from './common-shapes.js';
import { restoreTableFromBackupShape } from './restore-table-from-backup.js';
import { boolean, double, string, structure } from './shape.js';

export interface RestoreTableToPointInTimeInput extends RestoreOverrides {
  SourceTableName?: string;
  SourceTableArn?: string;
  UseLatestRestorableTime?: boolean;
  /** Epoch seconds, as the JSON protocol sends timestamps. */
  RestoreDateTime?: number;
}

const { BackupArn: _backupArn, ...restoreMembers } = restoreTableFromBackupShape.members();

export const restoreTableToPointInTimeShape = structure('RestoreTableToPointInTimeInput', {
  SourceTableArn: string({ minLength: 1, maxLength: 1024 }),
  SourceTableName: string({ pattern: NAME_PATTERN, minLength: 3, maxLength: 255 }),
  UseLatestRestorableTime: boolean(),
  RestoreDateTime: double(),
  ...restoreMembers,
});

/**
 * Shape checks, then which source and which time: one of SourceTableName and SourceTableArn, and one of
 * RestoreDateTime and UseLatestRestorableTime true. These messages are unconfirmed (the API reference
 * states the rules, not the words), kept here in one place.
 */
export function validateRestoreTableToPointInTime(input: unknown): RestoreTableToPointInTimeInput {
  const request = checkInput<RestoreTableToPointInTimeInput>(input, restoreTableToPointInTimeShape);
  if ((request.SourceTableName === undefined) === (request.SourceTableArn === undefined)) {
    throw tableErrors.validation('Exactly one of SourceTableName or SourceTableArn must be specified');
  }
  const latest = request.UseLatestRestorableTime === true;
  if (latest && request.RestoreDateTime !== undefined) {
    throw tableErrors.validation('Only one of RestoreDateTime or UseLatestRestorableTime can be specified');
  }
  if (!latest && request.RestoreDateTime === undefined) {
    throw tableErrors.validation('Either RestoreDateTime or UseLatestRestorableTime must be specified');
  }
  return request;
}
