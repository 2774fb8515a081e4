import type { Deployment } from '../shared/arns.js';
import { tableErrors } from './errors.js';
import type { PolicyTarget } from './resource-policy.js';
import type { StoredPolicy, TableDefinition } from './table-definition.js';
import { resourceNotFound, resourceOfArn } from './validation/resource-arn.js';

/**
 * Where the policy an ARN names lives in a stored table definition: the table's own policy, or its
 * latest stream's. Policies live in the definition so that every node sharing the database sees them
 * and PutResourcePolicy's revision check runs inside the catalog's transaction.
 */
export interface PolicySlot {
  readonly tableName: string;
  readonly target: PolicyTarget;
  /** The policy now; ResourceNotFoundException when the ARN names a stream the table does not have. */
  read(table: TableDefinition): StoredPolicy | undefined;
  /** The definition with the policy replaced (undefined removes it). */
  write(table: TableDefinition, policy: StoredPolicy | undefined): TableDefinition;
}

/** The slot a policy operation's ResourceArn names, with DynamoDB's errors for ARNs that name none. */
export function policySlotOf(arn: string, deployment: Deployment): PolicySlot {
  const resource = resourceOfArn(arn, deployment);
  if (resource.kind === 'other') throw resourceNotFound(arn);
  if (resource.kind === 'table') {
    return {
      tableName: resource.table,
      target: { arn, subject: `table ${resource.table}` },
      read: (table) => table.resourcePolicy,
      write: (table, policy) => {
        const next = { ...table, resourcePolicy: policy };
        if (!policy) delete next.resourcePolicy;
        return next;
      },
    };
  }
  const { label } = resource;
  // A policy can be attached to a table's current stream (enabled or not yet trimmed); older streams'
  // labels are no longer in the definition. AWS's wording for an unknown stream here is not recorded:
  // Eddy answers as the Streams API does.
  const requireStream = (table: TableDefinition) => {
    if (table.latestStreamLabel !== label) {
      throw tableErrors.resourceNotFound(`Requested resource not found: Stream: ${arn} not found`);
    }
  };
  return {
    tableName: resource.table,
    target: { arn, subject: `stream ${arn}` },
    read: (table) => {
      requireStream(table);
      const policy = table.streamPolicy;
      return policy && policy.label === label ? { document: policy.document, revisionId: policy.revisionId } : undefined;
    },
    write: (table, policy) => {
      requireStream(table);
      const next = { ...table, streamPolicy: policy && { ...policy, label } };
      if (!policy) delete next.streamPolicy;
      return next;
    },
  };
}
