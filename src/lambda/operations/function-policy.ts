import { randomUUID } from 'node:crypto';
import { functionArn } from '../function-names.js';
import type { FunctionDocument, PolicyStatement } from '../functions/function-document.js';
import { findStored, resolveQualifier } from '../functions/function-lookup.js';
import type { LambdaContext } from '../lambda-context.js';
import { lambdaErrors } from '../lambda-errors.js';
import { optionalString, Violations } from '../validation/function-input.js';

/**
 * A function's resource-based policy (AddPermission, GetPolicy, RemovePermission), kept and shown as
 * Lambda does — Terraform's aws_lambda_permission and SAM need them — but not enforced: every caller may
 * invoke every function, as with no IAM at all.
 */

const noPolicy = () => lambdaErrors.resourceNotFound('The resource you requested does not exist.');

function statementOf(ctx: LambdaContext, name: string, qualifier: string | undefined, input: Record<string, unknown>): PolicyStatement {
  const sid = optionalString(input, 'StatementId');
  const action = optionalString(input, 'Action');
  const principal = optionalString(input, 'Principal');
  const v = new Violations();
  if (sid === undefined) v.add(sid, 'statementId', 'Member must not be null');
  else if (!/^[a-zA-Z0-9-_.]{1,100}$/.test(sid)) v.add(sid, 'statementId', 'Member must satisfy regular expression pattern: ([a-zA-Z0-9-_.]+)');
  if (action === undefined) v.add(action, 'action', 'Member must not be null');
  else if (!/^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/.test(action)) v.add(action, 'action', 'Member must satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])');
  if (principal === undefined) v.add(principal, 'principal', 'Member must not be null');
  else if (!/^[^\s]+$/.test(principal)) v.add(principal, 'principal', 'Member must satisfy regular expression pattern: [^\\s]+');
  v.throwIfAny();
  const sourceArn = optionalString(input, 'SourceArn');
  const sourceAccount = optionalString(input, 'SourceAccount');
  const condition: Record<string, Record<string, string>> = {};
  if (sourceAccount !== undefined) condition['StringEquals'] = { 'AWS:SourceAccount': sourceAccount };
  if (sourceArn !== undefined) condition['ArnLike'] = { 'AWS:SourceArn': sourceArn };
  const resource = qualifier === undefined || qualifier === '$LATEST' ? functionArn(ctx.deployment, name) : `${functionArn(ctx.deployment, name)}:${qualifier}`;
  return {
    Sid: sid!,
    Effect: 'Allow',
    Principal: principalOf(principal!),
    Action: action!,
    Resource: resource,
    ...(Object.keys(condition).length > 0 && { Condition: condition }),
  };
}

/** A service (`s3.amazonaws.com`), an account (shown as its root ARN), an ARN, or anyone (`*`). */
function principalOf(principal: string): PolicyStatement['Principal'] {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` };
  return principal.startsWith('arn:') || !principal.includes('.') ? { AWS: principal } : { Service: principal };
}

/** AddPermission: a statement added to the policy of the function (or of the version or alias Qualifier names). */
export async function addPermission(ctx: LambdaContext, rawName: string, qualifierParam: string | undefined, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { name, qualifier, stored } = await findStored(ctx, rawName, qualifierParam);
  resolveQualifier(ctx, name, stored.document, qualifier); // a version or alias that exists
  const statement = statementOf(ctx, name, qualifier, input);
  const revisionId = optionalString(input, 'RevisionId');
  await ctx.functions.store.write<FunctionDocument>(name, (current) => {
    if (current === undefined) throw lambdaErrors.functionNotFound(functionArn(ctx.deployment, name));
    const doc = current.document;
    if (revisionId !== undefined && revisionId !== doc.revisionId) throw lambdaErrors.preconditionFailed();
    const policy = doc.policy ?? [];
    if (policy.some((s) => s.Sid === statement.Sid)) {
      throw lambdaErrors.resourceConflict(`The statement id (${statement.Sid}) provided already exists. Please provide a new statement id, or remove the existing statement.`);
    }
    return { revision: randomUUID(), document: { ...doc, policy: [...policy, statement], policyRevisionId: randomUUID() } };
  });
  return { Statement: JSON.stringify(statement) };
}

/** GetPolicy: the statements of the function (or of the version or alias Qualifier names). */
export async function getPolicy(ctx: LambdaContext, rawName: string, qualifierParam: string | undefined): Promise<Record<string, unknown>> {
  const { name, qualifier, stored } = await findStored(ctx, rawName, qualifierParam);
  resolveQualifier(ctx, name, stored.document, qualifier);
  const resource = qualifier === '$LATEST' ? functionArn(ctx.deployment, name) : `${functionArn(ctx.deployment, name)}:${qualifier}`;
  const statements = (stored.document.policy ?? []).filter((s) => s.Resource === resource);
  if (statements.length === 0) throw noPolicy();
  return { Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements }), RevisionId: stored.document.policyRevisionId ?? stored.document.revisionId };
}

/** RemovePermission. */
export async function removePermission(ctx: LambdaContext, rawName: string, qualifierParam: string | undefined, sid: string): Promise<void> {
  const { name } = await findStored(ctx, rawName, qualifierParam);
  await ctx.functions.store.write<FunctionDocument>(name, (current) => {
    if (current === undefined) throw lambdaErrors.functionNotFound(functionArn(ctx.deployment, name));
    const policy = current.document.policy ?? [];
    if (policy.length === 0) throw noPolicy();
    if (!policy.some((s) => s.Sid === sid)) throw lambdaErrors.resourceNotFound(`Statement ${sid} is not found in resource policy.`);
    return { revision: randomUUID(), document: { ...current.document, policy: policy.filter((s) => s.Sid !== sid), policyRevisionId: randomUUID() } };
  });
}
