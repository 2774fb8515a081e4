import { checkInput } from '../../table/validation/check-input.js';
import { integer, string, structure } from '../../table/validation/shape.js';

/** GetRecords returns at most this many records per call. */
export const MAX_RECORDS = 1000;

export interface GetRecordsInput {
  ShardIterator: string;
  Limit?: number;
}

/** A Limit over 1000 is a ValidationException from the constraint (as AWS answers; the model also lists LimitExceededException). */
export const getRecordsShape = structure('GetRecordsInput', {
  ShardIterator: string({ notNull: true, minLength: 1, maxLength: 2048 }),
  Limit: integer({ min: 1, max: MAX_RECORDS }),
});

export const validateGetRecords = (input: unknown): GetRecordsInput => checkInput<GetRecordsInput>(input, getRecordsShape);
