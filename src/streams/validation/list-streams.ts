import { checkInput } from '../../table/validation/check-input.js';
import { NAME_PATTERN } from '../../table/validation/common-shapes.js';
import { integer, string, structure } from '../../table/validation/shape.js';
import { MAX_PAGE, streamArnShape } from './stream-shapes.js';

export interface ListStreamsInput {
  TableName?: string;
  Limit?: number;
  ExclusiveStartStreamArn?: string;
}

export const listStreamsShape = structure('ListStreamsInput', {
  TableName: string({ pattern: NAME_PATTERN, minLength: 3, maxLength: 255 }),
  Limit: integer({ min: 1, max: MAX_PAGE }),
  ExclusiveStartStreamArn: streamArnShape(),
});

export const validateListStreams = (input: unknown): ListStreamsInput => checkInput<ListStreamsInput>(input, listStreamsShape);
