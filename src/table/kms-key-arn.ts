import { createHash } from 'node:crypto';
import type { Deployment } from '../shared/arns.js';

/**
 * The KMS key ARN DescribeTable shows in SSEDescription. Eddy encrypts nothing; it echoes the key the
 * way AWS resolves it: an ARN as given, a key id into a key ARN, and an alias or nothing (the
 * AWS-managed `alias/aws/dynamodb`) into a stable key ARN derived from the alias.
 */
export function kmsKeyArn(deployment: Deployment, keyId?: string): string {
  if (keyId?.startsWith('arn:')) return keyId;
  const prefix = `arn:aws:kms:${deployment.region}:${deployment.account}:key/`;
  if (keyId && !keyId.startsWith('alias/')) return prefix + keyId;
  const hex = createHash('sha256').update(keyId ?? 'alias/aws/dynamodb').digest('hex');
  return prefix + `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
