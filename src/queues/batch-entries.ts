import { ServiceError } from '../shared/service-error.js';
import { sqsErrors } from './rules/sqs-errors.js';

const ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;

/** The Entries of a batch request: 1–10 objects with distinct, well-formed Ids. */
export function checkBatchEntries(input: Record<string, unknown>, member = 'Entries'): Record<string, unknown>[] {
  const entries = input[member];
  if (entries === undefined || entries === null) throw sqsErrors.missingParameter(`The request must contain the parameter ${member}.`);
  if (!Array.isArray(entries) || entries.some((e) => e === null || typeof e !== 'object' || Array.isArray(e))) {
    throw sqsErrors.invalidParameterValue(`Value for parameter ${member} is invalid. Reason: Must be a list of entries.`);
  }
  if (entries.length === 0) throw sqsErrors.emptyBatchRequest();
  if (entries.length > 10) throw sqsErrors.tooManyEntriesInBatchRequest(entries.length);
  const seen = new Set<string>();
  for (const entry of entries as Record<string, unknown>[]) {
    const id = entry['Id'];
    if (typeof id !== 'string' || !ENTRY_ID.test(id)) throw sqsErrors.invalidBatchEntryId();
    if (seen.has(id)) throw sqsErrors.batchEntryIdsNotDistinct();
    seen.add(id);
  }
  return entries as Record<string, unknown>[];
}

/** A failed entry of a batch answer. */
export function failedEntry(id: string, error: ServiceError): { Id: string; SenderFault: boolean; Code: string; Message: string } {
  const code = (error as { queryCode?: string }).queryCode ?? error.code;
  return { Id: id, SenderFault: error.statusCode < 500, Code: code, Message: error.message };
}

/**
 * Runs `run` for each entry of a batch (all at once); an entry whose run throws a ServiceError fails alone.
 * Answers { Successful: [{ Id }], Failed: [...] } as the Delete / ChangeMessageVisibility batches do.
 */
export async function eachEntry(
  entries: readonly Record<string, unknown>[],
  run: (entry: Record<string, unknown>) => Promise<void>,
): Promise<{ Successful: { Id: string }[]; Failed: ReturnType<typeof failedEntry>[] }> {
  const results = await Promise.all(
    entries.map(async (entry) => {
      const id = entry['Id'] as string;
      try {
        await run(entry);
        return { ok: true as const, id };
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        return { ok: false as const, failed: failedEntry(id, error) };
      }
    }),
  );
  return {
    Successful: results.filter((r) => r.ok).map((r) => ({ Id: r.id })),
    Failed: results.filter((r) => !r.ok).map((r) => r.failed),
  };
}
