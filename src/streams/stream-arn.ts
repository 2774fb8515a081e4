import { streamArn, type Deployment } from '../shared/arns.js';

/** A stream as the engine names it: its table and label. */
export interface StreamName {
  readonly tableName: string;
  readonly label: string;
}

const STREAM_ARN = /^arn:aws:dynamodb:([^:]+):([^:]+):table\/([a-zA-Z0-9_.-]{3,255})\/stream\/([^/]+)$/;

/**
 * The table and label of a stream ARN of this deployment, or undefined for anything else (another
 * region or account holds no stream here; the caller answers ResourceNotFoundException).
 */
export function parseStreamArn(arn: string, deployment: Deployment): StreamName | undefined {
  const match = STREAM_ARN.exec(arn);
  if (!match || match[1] !== deployment.region || match[2] !== deployment.account) return undefined;
  return { tableName: match[3]!, label: match[4]! };
}

/**
 * The table and label of a stream ARN whatever its region and account, or undefined when `arn` is no
 * stream ARN. For ARNs Eddy stored itself (a mapping's EventSourceArn, checked against the deployment
 * when the mapping was created); an ARN a caller sends goes through parseStreamArn.
 */
export function streamNameOf(arn: string): StreamName | undefined {
  const match = STREAM_ARN.exec(arn);
  return match ? { tableName: match[3]!, label: match[4]! } : undefined;
}

export const streamArnOf = (deployment: Deployment, name: StreamName): string =>
  streamArn(deployment, name.tableName, name.label);
