// The benchmark item, identical to the one bench/wrk/common.lua builds (keep the two in step), and the
// raw JSON 1.0 request the prefill sends.

export const TABLE_NAME = 'bench';
/** Key prefix of the items the prefill writes and GetItem reads: `user-0` … `user-(N-1)`. */
export const PREFILL_KEY_PREFIX = 'user-';

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
