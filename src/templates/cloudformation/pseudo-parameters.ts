import { createHash } from 'node:crypto';
import { defaultDeployment } from '../../shared/arns.js';

/** The values of CloudFormation's pseudo parameters (SEMANTICS.md H.2 "Ref") for one local stack. */
export interface PseudoParameters {
  accountId: string;
  region: string;
  partition: string;
  stackName: string;
  stackId: string;
  urlSuffix: string;
  notificationArns: string[];
}

export const PSEUDO_NAMES = [
  'AWS::AccountId', 'AWS::Region', 'AWS::Partition', 'AWS::StackName', 'AWS::StackId', 'AWS::URLSuffix',
  'AWS::NotificationARNs', 'AWS::NoValue',
] as const;

/**
 * Fills in the pseudo parameters: account and region default to Eddy's deployment, the stack name to
 * `eddy`; the partition and URL suffix follow the region (`cn-*` → `aws-cn`, `amazonaws.com.cn`;
 * `us-gov-*` → `aws-us-gov`); the stack id is stable for a name, region and account (a UUID derived
 * from them, not a random one) so ARNs built from it survive a restart.
 */
export function pseudoParameters(given: Partial<PseudoParameters> = {}): PseudoParameters {
  const region = given.region ?? defaultDeployment.region;
  const accountId = given.accountId ?? defaultDeployment.account;
  const stackName = given.stackName ?? 'eddy';
  const partition = given.partition ?? (region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws');
  const urlSuffix = given.urlSuffix ?? (partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com');
  const stackId = given.stackId ?? `arn:${partition}:cloudformation:${region}:${accountId}:stack/${stackName}/${stableUuid(`${accountId}/${region}/${stackName}`)}`;
  return { accountId, region, partition, stackName, stackId, urlSuffix, notificationArns: given.notificationArns ?? [] };
}

/** The value of `Ref` to a pseudo parameter other than AWS::NoValue; undefined for any other name. */
export function pseudoValue(name: string, pseudo: PseudoParameters): string | string[] | undefined {
  switch (name) {
    case 'AWS::AccountId': return pseudo.accountId;
    case 'AWS::Region': return pseudo.region;
    case 'AWS::Partition': return pseudo.partition;
    case 'AWS::StackName': return pseudo.stackName;
    case 'AWS::StackId': return pseudo.stackId;
    case 'AWS::URLSuffix': return pseudo.urlSuffix;
    case 'AWS::NotificationARNs': return pseudo.notificationArns;
    default: return undefined;
  }
}

function stableUuid(seed: string): string {
  const hex = createHash('sha1').update(seed).digest('hex');
  // Version 5 layout (name-based, SHA-1).
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
