import { invalid } from './table-rules.js';

/** DynamoDB's limit on a resource-based policy: 20 KB, whitespace counted (PutResourcePolicy docs). */
export const MAX_POLICY_BYTES = 20 * 1024;

/**
 * Checks a resource-based policy document as given to PutResourcePolicy or CreateTable: a JSON object
 * of at most 20 KB. Eddy stores policies without enforcing them, so it does not check IAM grammar
 * (actions, principals) the way AWS does. AWS's wording for these two failures is not recorded; the
 * prefix is the one AWS uses for policy documents it refuses ("One or more parameter values were
 * invalid: Invalid policy document: …", observed for an unknown action).
 */
export function checkPolicyDocument(document: string): void {
  const bytes = Buffer.byteLength(document, 'utf8');
  if (bytes > MAX_POLICY_BYTES) {
    throw invalid(`Invalid policy document: the document is ${bytes} bytes, over the limit of ${MAX_POLICY_BYTES} bytes (20 KB)`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw invalid('Invalid policy document: the document is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalid('Invalid policy document: the document must be a JSON object');
  }
}
