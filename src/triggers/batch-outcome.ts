/** How a ReportBatchItemFailures response reads (SEMANTICS.md §B.8). */
export type PartialResponse =
  | { readonly kind: 'success' }
  /**
   * Retry from this sequence number (the lowest reported); everything before it is done. `failed`: the
   * itemIdentifiers as reported (for status only).
   */
  | { readonly kind: 'partial'; readonly from: bigint; readonly failed: readonly string[] }
  /** A malformed response: the whole batch failed (the failure record says functionError null). */
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Reads a function's result under ReportBatchItemFailures. Null, `{}`, `[]`, no or an empty / null
 * `batchItemFailures` are complete success; an item whose `itemIdentifier` is missing, empty, not a
 * string or not the sequence number of a record of the batch makes the response invalid (the whole
 * batch failed); otherwise the lowest reported sequence number is where the retry starts.
 */
export function readPartialResponse(payload: string, sequences: ReadonlySet<string>): PartialResponse {
  let result: unknown;
  try {
    result = payload.trim() === '' ? null : JSON.parse(payload);
  } catch {
    return { kind: 'success' };
  }
  if (result === null || typeof result !== 'object' || Array.isArray(result)) return { kind: 'success' };
  const failures = (result as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'success' };
  if (!Array.isArray(failures)) return { kind: 'invalid', reason: 'batchItemFailures is not a list' };
  if (failures.length === 0) return { kind: 'success' };
  let lowest: bigint | undefined;
  const failed: string[] = [];
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '' || !sequences.has(id)) {
      return { kind: 'invalid', reason: `itemIdentifier ${JSON.stringify(id) ?? 'missing'} is not the SequenceNumber of a record of the batch` };
    }
    failed.push(id);
    const sequence = BigInt(id);
    if (lowest === undefined || sequence < lowest) lowest = sequence;
  }
  return { kind: 'partial', from: lowest!, failed };
}
