import { checkInput } from '../../table/validation/check-input.js';
import { enumOf, structure } from '../../table/validation/shape.js';
import { sequenceNumberShape, shardIdShape, streamArnShape } from './stream-shapes.js';

export type ShardIteratorType = 'TRIM_HORIZON' | 'LATEST' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER';

export interface GetShardIteratorInput {
  StreamArn: string;
  ShardId: string;
  ShardIteratorType: ShardIteratorType;
  SequenceNumber?: string;
}

export const getShardIteratorShape = structure('GetShardIteratorInput', {
  StreamArn: streamArnShape({ notNull: true }),
  ShardId: shardIdShape({ notNull: true }),
  ShardIteratorType: enumOf(['TRIM_HORIZON', 'LATEST', 'AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER'], { notNull: true }),
  SequenceNumber: sequenceNumberShape(),
});

export const validateGetShardIterator = (input: unknown): GetShardIteratorInput =>
  checkInput<GetShardIteratorInput>(input, getShardIteratorShape);
