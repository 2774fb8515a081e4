import { randomUUID } from 'node:crypto';
import { functionArn } from '../function-names.js';
import type { FunctionDocument } from '../functions/function-document.js';
import { findFunction } from '../functions/function-lookup.js';
import type { LambdaContext } from '../lambda-context.js';
import { lambdaErrors } from '../lambda-errors.js';
import { stringMap } from '../validation/function-input.js';

const ARN = /^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:[a-zA-Z0-9-_]+$/;

/** The function a tagging request's Resource names (an unqualified function ARN); config functions have no tags of the API's. */
async function tagged(ctx: LambdaContext, resource: string) {
  if (!ARN.test(resource)) {
    throw lambdaErrors.validation(
      `1 validation error detected: Value '${resource}' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:function:[a-zA-Z0-9-_]+`,
    );
  }
  return findFunction(ctx, resource, undefined);
}

/** ListTags. */
export async function listTags(ctx: LambdaContext, resource: string): Promise<Record<string, unknown>> {
  const target = await tagged(ctx, resource);
  return { Tags: target.kind === 'stored' ? { ...target.stored.document.tags } : {} };
}

/** TagResource (at most 50 tags in all, as Lambda allows) and UntagResource. */
export async function tagResource(ctx: LambdaContext, resource: string, input: Record<string, unknown>): Promise<void> {
  const tags = stringMap(input['Tags'], 'Tags');
  if (Object.keys(tags).length === 0) throw lambdaErrors.invalidParameterValue('A list of tags is required');
  await changeTags(ctx, resource, (current) => ({ ...current, ...tags }));
}

export async function untagResource(ctx: LambdaContext, resource: string, keys: readonly string[]): Promise<void> {
  await changeTags(ctx, resource, (current) => Object.fromEntries(Object.entries(current).filter(([key]) => !keys.includes(key))));
}

async function changeTags(ctx: LambdaContext, resource: string, change: (tags: Readonly<Record<string, string>>) => Record<string, string>): Promise<void> {
  const target = await tagged(ctx, resource);
  if (target.kind === 'config') throw lambdaErrors.invalidParameterValue(`Function ${target.name} is defined in eddy.config.ts, which Eddy's tags do not reach`);
  await ctx.functions.store.write<FunctionDocument>(target.name, (current) => {
    if (current === undefined) throw lambdaErrors.functionNotFound(functionArn(ctx.deployment, target.name));
    const tags = change(current.document.tags);
    if (Object.keys(tags).length > 50) throw lambdaErrors.invalidParameterValue('Number of tags exceeds resource tag limit.');
    return { revision: randomUUID(), document: { ...current.document, tags } };
  });
}
