import type { BusContext } from '../bus-context.js';
import { tagList } from '../bus-tags.js';
import { taggedResource } from '../tagged-resource.js';
import { arn } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { required, structure } from '../validation/shapes.js';

const shape = structure({ ResourceARN: required(arn) });

/** ListTagsForResource: a bus's or rule's tags, in the order they were first given. */
export async function listTagsForResource(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const { ResourceARN } = checkRequest<{ ResourceARN: string }>(input, shape);
  const resource = await taggedResource(ctx, ResourceARN);
  return { Tags: tagList(resource.tags) };
}
