/**
 * A header a SigV4 presigner moved into the query string. The SDKs' presigners (@smithy/signature-v4's
 * `presign`, used by @aws-sdk/s3-request-presigner and every client's signer) hoist each X-Amz-* header
 * they are not told to keep into the query, X-Amz-Target among them, under the header's own spelling;
 * the presigned request then arrives without the header. Read only from a presigned query
 * (X-Amz-Algorithm present), in any letter case; undefined when absent.
 */
export function hoistedHeader(query: URLSearchParams, name: string): string | undefined {
  if (!query.has('X-Amz-Algorithm')) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of query) if (key.toLowerCase() === wanted) return value;
  return undefined;
}
