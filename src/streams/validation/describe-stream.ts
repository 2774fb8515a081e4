import { checkInput } from '../../table/validation/check-input.js';
import { enumOf, integer, structure } from '../../table/validation/shape.js';
import { MAX_PAGE, shardIdShape, streamArnShape } from './stream-shapes.js';

export interface DescribeStreamInput {
  StreamArn: string;
  Limit?: number;
  ExclusiveStartShardId?: string;
  ShardFilter?: { Type?: 'CHILD_SHARDS'; ShardId?: string };
}

export const describeStreamShape = structure('DescribeStreamInput', {
  StreamArn: streamArnShape({ notNull: true }),
  Limit: integer({ min: 1, max: MAX_PAGE }),
  ExclusiveStartShardId: shardIdShape(),
  ShardFilter: structure('ShardFilter', {
    Type: enumOf(['CHILD_SHARDS']),
    ShardId: shardIdShape(),
  }),
});

export const validateDescribeStream = (input: unknown): DescribeStreamInput =>
  checkInput<DescribeStreamInput>(input, describeStreamShape);
