import type { BusContext } from '../bus-context.js';
import { withoutTags } from '../bus-tags.js';
import { taggedResource } from '../tagged-resource.js';
import { arn, tagKeyList } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { required, structure } from '../validation/shapes.js';

const shape = structure({ ResourceARN: required(arn), TagKeys: required(tagKeyList) });

/** UntagResource: removes the named tags from a bus or rule; keys it does not have are ignored. */
export async function untagResource(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const request = checkRequest<{ ResourceARN: string; TagKeys: string[] }>(input, shape);
  const resource = await taggedResource(ctx, request.ResourceARN);
  await resource.retag((tags) => withoutTags(tags, request.TagKeys));
  return {};
}
