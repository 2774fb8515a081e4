import type { Deployment } from '../../shared/arns.js';
import { tableErrors } from '../errors.js';
import { string } from './shape.js';
import { invalid } from './table-rules.js';

/** ResourceArn of the tagging operations (AWS model: 1-1283 characters). */
export const resourceArnShape = () => string({ notNull: true, minLength: 1, maxLength: 1283 });

/** What an ARN of this deployment names: a table, one of its streams, or something else under a table. */
export type ResourceOfArn =
  | { readonly kind: 'table'; readonly table: string }
  | { readonly kind: 'stream'; readonly table: string; readonly label: string }
  | { readonly kind: 'other'; readonly table: string };

/**
 * The table or stream an ARN names, with the errors DynamoDB gives (observed against AWS): text that is
 * not an ARN, an ARN of another service, an index ARN, or a table of another region/account. Whether
 * the table or stream exists is the caller's question.
 */
export function resourceOfArn(arn: string, deployment: Deployment): ResourceOfArn {
  if (!arn.startsWith('arn:')) throw invalid(`ARNs must start with 'arn:': ${arn}`);
  const parts = arn.split(':');
  if (parts.length < 6) throw tableErrors.validation(`Invalid TableArn: Invalid ResourceArn provided as input ${arn}`);
  const [, , service, region, account] = parts;
  const resource = parts.slice(5).join(':');
  if (service !== 'dynamodb') throw invalid(`Provided Arn is not a DynamoDB resource arn: ${arn}`);
  const path = resource.split('/');
  if (path[0] !== 'table' || !path[1]) {
    throw tableErrors.validation(`Invalid TableArn: Invalid ResourceArn provided as input ${arn}`);
  }
  if (path[2] === 'index') {
    throw invalid(`Invalid resource arn provided, only table or stream is accepted. Provided resource arn: ${arn}`);
  }
  if (region !== deployment.region || account !== deployment.account) {
    throw tableErrors.validation(`Invalid TableArn: Invalid ResourceArn provided as input ${arn}`);
  }
  if (path.length === 4 && path[2] === 'stream' && path[3]) return { kind: 'stream', table: path[1], label: path[3] };
  return { kind: path.length > 2 ? 'other' : 'table', table: path[1] };
}

/**
 * The table a tagging ARN names (errors as resourceOfArn). Stream ARNs name no taggable table here
 * and read as not found.
 */
export function tableNameOfArn(arn: string, deployment: Deployment): string {
  const resource = resourceOfArn(arn, deployment);
  if (resource.kind !== 'table') throw resourceNotFound(arn);
  return resource.table;
}

/** ResourceNotFoundException for a tagging ARN (the misspelling "ResourcArn" is DynamoDB's). */
export const resourceNotFound = (arn: string) =>
  tableErrors.resourceNotFound(`Requested resource not found: ResourcArn: ${arn} not found`);
