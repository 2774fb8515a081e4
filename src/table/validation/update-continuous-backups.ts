import { checkInput } from './check-input.js';
import { controlTableNameShape } from './common-shapes.js';
import { boolean, integer, structure } from './shape.js';

export interface UpdateContinuousBackupsInput {
  /** A table name or ARN. */
  TableName: string;
  PointInTimeRecoverySpecification: {
    PointInTimeRecoveryEnabled: boolean;
    RecoveryPeriodInDays?: number;
  };
}

export const updateContinuousBackupsShape = structure('UpdateContinuousBackupsInput', {
  TableName: controlTableNameShape(),
  // Unconfirmed: a missing specification or flag reported as "Member must not be null", as other nested required members are.
  PointInTimeRecoverySpecification: structure(
    'PointInTimeRecoverySpecification',
    { PointInTimeRecoveryEnabled: boolean({ notNull: true }), RecoveryPeriodInDays: integer({ min: 1, max: 35 }) },
    { notNull: true },
  ),
});

export function validateUpdateContinuousBackups(input: unknown): UpdateContinuousBackupsInput {
  return checkInput<UpdateContinuousBackupsInput>(input, updateContinuousBackupsShape);
}
