import { checkPipeRequest } from '../check-pipe-request.js';
import type { PipeDefinition } from '../pipe-definition.js';
import { pipeNameOfArn } from '../pipe-endpoints.js';
import { pipesErrors } from '../pipe-errors.js';
import { pipeArn as pipeArnShape, tagKey, tagResourceShape } from '../pipe-shapes.js';
import type { PipesContext } from '../pipes-context.js';
import { list, required, structure } from '../../bus/validation/shapes.js';

const untagShape = structure({ resourceArn: required(pipeArnShape), tagKeys: required(list(tagKey, { max: 50 })) });
const arnShape = structure({ resourceArn: required(pipeArnShape) });

/** The pipe a tag request's ARN names; NotFoundException for an ARN that names none here. */
async function taggedPipe(ctx: PipesContext, arn: string): Promise<string> {
  const name = pipeNameOfArn(ctx.deployment, arn);
  if (name === undefined || !(await ctx.store.get(name))) throw pipesErrors.resourceNotFound(arn);
  return name;
}

async function retag(ctx: PipesContext, name: string, arn: string, change: (tags: Record<string, string>) => Record<string, string>): Promise<void> {
  await ctx.store.write<PipeDefinition>(name, ctx.clock.now(), (current) => {
    if (!current) throw pipesErrors.resourceNotFound(arn);
    return { ...current.definition, Tags: change(current.definition.Tags) };
  });
}

export async function listTagsForResource(ctx: PipesContext, arn: string): Promise<Record<string, unknown>> {
  checkPipeRequest({ resourceArn: arn }, arnShape);
  const name = await taggedPipe(ctx, arn);
  return { tags: (await ctx.store.get<PipeDefinition>(name))?.definition.Tags ?? {} };
}

export async function tagResource(ctx: PipesContext, arn: string, body: Record<string, unknown>): Promise<void> {
  const { tags } = checkPipeRequest<{ tags: Record<string, string> }>({ ...body, resourceArn: arn }, tagResourceShape);
  const name = await taggedPipe(ctx, arn);
  await retag(ctx, name, arn, (current) => ({ ...current, ...tags }));
}

export async function untagResource(ctx: PipesContext, arn: string, keys: readonly string[]): Promise<void> {
  checkPipeRequest({ resourceArn: arn, tagKeys: [...keys] }, untagShape);
  const name = await taggedPipe(ctx, arn);
  await retag(ctx, name, arn, (current) => Object.fromEntries(Object.entries(current).filter(([key]) => !keys.includes(key))));
}
