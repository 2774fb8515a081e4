// The benchmark item, identical to the one bench/wrk/common.lua builds (keep the two in step), and the
// raw JSON 1.0 request the prefill sends.

export const TABLE_NAME = 'bench';
/** Key prefix of the items the prefill writes and GetItem reads: `user-0` … `user-(N-1)`. */
export const PREFILL_KEY_PREFIX = 'user-';

/** The Query table (hash key `pk`, range key `sk`): partitions `p-0` … `p-199`. */
export const QUERY_TABLE_NAME = 'bench_q';
export const QUERY_PARTITION_PREFIX = 'p-';
export const QUERY_PARTITIONS = 200;
/** Sort keys `item-00` … `item-49` in each partition (the ones Query's begins_with matches)… */
export const QUERY_SORT_KEY_PREFIX = 'item-';
export const QUERY_ITEMS_PER_PARTITION = 50;
/** …and `other-0` … `other-2`, which it must skip. */
export const QUERY_OTHER_SORT_KEYS = ['other-0', 'other-1', 'other-2'];
/** Query's Limit, in bench/wrk/query.lua and in the check after the run. */
export const QUERY_LIMIT = 10;

const BIO =
  'Benchmark item for Eddy: a few attributes of mixed types, about two hundred bytes in all, ' +
  'so that request parsing and storage do real work.';

/** Same headers as the wrk scripts send (a static, well-formed but unverified SigV4 header). */
export const REQUEST_HEADERS = {
  'content-type': 'application/x-amz-json-1.0',
  'x-amz-date': '20260101T000000Z',
  authorization:
    'AWS4-HMAC-SHA256 Credential=AKIDBENCHMARK0000/20260101/us-east-1/dynamodb/aws4_request, ' +
    'SignedHeaders=content-type;host;x-amz-date;x-amz-target, ' +
    'Signature=3f1c9a7e5b2d4c6e8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f',
};

/**
 * The item at (`partition`, `sortKey`) in the Query table: the benchmark item's attributes plus `sk`.
 * @param {number} partition
 * @param {string} sortKey
 * @param {number} n
 */
export function queryItem(partition, sortKey, n) {
  return { ...benchItem(`${QUERY_PARTITION_PREFIX}${partition}`, n), sk: { S: sortKey } };
}

/**
 * @param {string} key
 * @param {number} n
 */
export function benchItem(key, n) {
  return {
    pk: { S: key },
    name: { S: `Bench User ${n}` },
    email: { S: `user${n}@example.com` },
    age: { N: String((n % 90) + 10) },
    active: { BOOL: n % 2 === 0 },
    bio: { S: BIO },
  };
}
