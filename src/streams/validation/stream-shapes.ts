import { string, type StringShape } from '../../table/validation/shape.js';

/**
 * Members the Streams actions share, with the service model's bounds (DynamoDB Streams 2012-08-10).
 * Missing required members are reported in the aggregated list ("Member must not be null"), as
 * coral services do; unconfirmed against AWS for these actions.
 */
export const streamArnShape = (options: { notNull?: boolean } = {}): StringShape =>
  string({ minLength: 37, maxLength: 1024, ...options });

export const shardIdShape = (options: { notNull?: boolean } = {}): StringShape =>
  string({ minLength: 28, maxLength: 65, ...options });

export const sequenceNumberShape = (): StringShape => string({ minLength: 21, maxLength: 40 });

/**
 * DescribeStream and ListStreams return at most this many entries per page; a larger Limit is a
 * ValidationException (ListStreams: as AWS answers, per ScyllaDB Alternator's test_streams.py;
 * DescribeStream: the API reference's "upper limit is 100", the answer unconfirmed).
 */
export const MAX_PAGE = 100;
