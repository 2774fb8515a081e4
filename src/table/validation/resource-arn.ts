import type { Deployment } from '../../shared/arns.js';
import { tableErrors } from '../errors.js';
import { string } from './shape.js';
import { invalid } from './table-rules.js';

/** ResourceArn of the tagging operations (AWS model: 1-1283 characters). */
export const resourceArnShape = () => string({ notNull: true, minLength: 1, maxLength: 1283 });

/**
 * The table a tagging ARN names, with the errors DynamoDB gives (observed against AWS): text that is
 * not an ARN, an ARN of another service, an index ARN, or a table of another region/account. Stream
 * ARNs name no taggable table here and read as not found.
 */
export function tableNameOfArn(arn: string, deployment: Deployment): string {
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
  if (path.length > 2) throw resourceNotFound(arn);
  return path[1];
}

/** ResourceNotFoundException for a tagging ARN (the misspelling "ResourcArn" is DynamoDB's). */
export const resourceNotFound = (arn: string) =>
  tableErrors.resourceNotFound(`Requested resource not found: ResourcArn: ${arn} not found`);
