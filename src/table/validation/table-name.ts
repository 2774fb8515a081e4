import type { Deployment } from '../../shared/arns.js';
import { tableErrors } from '../errors.js';

/**
 * The table a TableName parameter names: the text itself, or the table part of a table ARN
 * (`arn:aws:dynamodb:<region>:<account>:table/<name>`), which DynamoDB accepts wherever a table is
 * looked up (not in CreateTable). An ARN of another region or of something else than a table is a
 * ValidationException (wording as AWS's DescribeTable family; unconfirmed for the item operations); a
 * table of another account cannot exist here and reads as not found.
 *
 * @param notFound the operation's ResourceNotFoundException, for an ARN of another account.
 */
export function tableNameOf(nameOrArn: string, deployment: Deployment, notFound: () => Error): string {
  if (!nameOrArn.startsWith('arn:')) return nameOrArn;
  const parts = nameOrArn.split(':');
  const invalid = (what: string) => tableErrors.validation(`1 validation error detected: Invalid ${what} in '${nameOrArn}'`);
  if (parts.length < 6) throw invalid('resource type');
  const [, partition, service, region, account] = parts;
  const resource = parts.slice(5).join(':');
  if (partition !== 'aws') throw invalid('AWS partition');
  if (service !== 'dynamodb') throw invalid('resource type');
  if (region !== deployment.region) throw invalid('AWS region');
  const match = /^table\/([a-zA-Z0-9_.-]{3,255})$/.exec(resource);
  if (!match) throw invalid('resource type');
  if (account !== deployment.account) throw notFound();
  return match[1]!;
}
