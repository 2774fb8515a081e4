/** How a function's answer to a queue batch reads under ReportBatchItemFailures. */
export type QueueBatchResponse =
  | { readonly kind: 'success' }
  /** These message ids failed and stay in the queue; every other message of the batch is done. */
  | { readonly kind: 'partial'; readonly failed: ReadonlySet<string> }
  /** The answer could not be read: the whole batch failed. */
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Reads a successful invocation's result for an SQS mapping with ReportBatchItemFailures (AWS
 * "Implementing partial batch responses"): null, `{}`, no, null or empty `batchItemFailures` are
 * complete success; a result that is not JSON, a `batchItemFailures` that is not a list, or an item
 * whose `itemIdentifier` is missing, null, empty, not a string or not the messageId of a message of the
 * batch make it a complete failure; otherwise the reported messages failed.
 */
export function readQueueBatchResponse(payload: string, messageIds: ReadonlySet<string>): QueueBatchResponse {
  let result: unknown;
  try {
    result = payload.trim() === '' ? null : JSON.parse(payload);
  } catch {
    return { kind: 'invalid', reason: 'the result is not JSON' };
  }
  if (result === null || typeof result !== 'object' || Array.isArray(result)) return { kind: 'success' };
  const failures = (result as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'success' };
  if (!Array.isArray(failures)) return { kind: 'invalid', reason: 'batchItemFailures is not a list' };
  if (failures.length === 0) return { kind: 'success' };
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '' || !messageIds.has(id)) {
      return { kind: 'invalid', reason: `itemIdentifier ${JSON.stringify(id) ?? 'missing'} is not the messageId of a message of the batch` };
    }
    failed.add(id);
  }
  return { kind: 'partial', failed };
}
