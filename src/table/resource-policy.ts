import { tableErrors } from './errors.js';
import type { StoredPolicy } from './table-definition.js';

/** ExpectedRevisionId meaning "only if the resource has no policy yet" (DynamoDB's documented sentinel). */
export const NO_POLICY = 'NO_POLICY';

/**
 * What a policy belongs to, as DynamoDB's messages name it. `subject` is "table Name" for a table;
 * for a stream AWS's wording is not recorded, so Eddy says "stream <arn>" (unconfirmed).
 */
export interface PolicyTarget {
  readonly arn: string;
  readonly subject: string;
}

/**
 * Revision ids are timestamps in epoch milliseconds, as AWS's are (moto's AWS-verified suite compares
 * them as increasing). A new revision is later than the one it replaces even within one millisecond.
 */
function nextRevisionId(now: number, previous: StoredPolicy | undefined): string {
  const previousMs = previous === undefined ? -Infinity : Number(previous.revisionId);
  return String(Number.isFinite(previousMs) ? Math.max(now, previousMs + 1) : now);
}

/** A policy created with the table (CreateTable's ResourcePolicy): its first revision. */
export function firstPolicy(document: string, now: number): StoredPolicy {
  return { document, revisionId: nextRevisionId(now, undefined) };
}

/**
 * PutResourcePolicy decided against the current policy. The same document again is a no-op that
 * answers the current revision (DynamoDB documents PutResourcePolicy as idempotent); a different one
 * gets a new revision. ExpectedRevisionId must name the current revision, or be NO_POLICY when there
 * is none; a mismatch is PolicyNotFoundException, with the messages AWS gives (moto's AWS-verified tests).
 */
export function putPolicy(
  current: StoredPolicy | undefined,
  document: string,
  expected: string | undefined,
  now: number,
  target: PolicyTarget,
): StoredPolicy {
  if (expected === NO_POLICY) {
    if (current) {
      throw policyNotFound(
        `Requested policy update expecting none to be present for ${target.subject}, but a policy exists with revision id ${current.revisionId}.`,
      );
    }
  } else if (expected !== undefined) {
    checkExpected(current, expected, target);
  }
  if (current && current.document === document) return current;
  return { document, revisionId: nextRevisionId(now, current) };
}

/**
 * DeleteResourcePolicy's checks: without ExpectedRevisionId deleting an absent policy is fine
 * (idempotent, documented); with one, the current policy must carry it. Returns the revision removed.
 */
export function deletePolicy(current: StoredPolicy | undefined, expected: string | undefined, target: PolicyTarget): string | undefined {
  if (expected !== undefined) checkExpected(current, expected, target);
  return current?.revisionId;
}

/** GetResourcePolicy: the policy, or PolicyNotFoundException with AWS's message. */
export function requirePolicy(current: StoredPolicy | undefined, target: PolicyTarget): StoredPolicy {
  if (!current) throw policyNotFound(target.arn);
  return current;
}

function checkExpected(current: StoredPolicy | undefined, expected: string, target: PolicyTarget): void {
  // With no policy at all AWS's wording is not recorded; Eddy gives the plain not-found message.
  if (!current) throw policyNotFound(target.arn);
  if (current.revisionId !== expected) {
    throw policyNotFound(
      `Requested update for policy with revision id ${expected}, but the policy associated to target ${target.subject} has revision id ${current.revisionId}.`,
    );
  }
}

const policyNotFound = (detail: string) =>
  tableErrors.policyNotFound(`Resource-based policy not found for the provided ResourceArn: ${detail}`);
