import type { BusContext } from '../bus-context.js';
import { tagRecord, withTags } from '../bus-tags.js';
import { taggedResource } from '../tagged-resource.js';
import { arn, tagList, type Tag } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { required, structure } from '../validation/shapes.js';

const shape = structure({ ResourceARN: required(arn), Tags: required(tagList) });

/** TagResource: adds tags to a bus or rule; a key it has takes the new value. */
export async function tagResource(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const request = checkRequest<{ ResourceARN: string; Tags: Tag[] }>(input, shape);
  const added = tagRecord(request.Tags);
  const resource = await taggedResource(ctx, request.ResourceARN);
  await resource.retag((tags) => withTags(tags, added));
  return {};
}
