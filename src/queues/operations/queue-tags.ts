import { optionalStringList, optionalStringMap } from '../input-fields.js';
import { requireQueue } from '../queue-lookup.js';
import type { QueuesContext } from '../queues-context.js';
import { checkTags } from '../rules/queue-attributes.js';
import { sqsErrors } from '../rules/sqs-errors.js';

/** TagQueue: adds or replaces tags (at most 50 in all). */
export async function tagQueue(ctx: QueuesContext, input: Record<string, unknown>): Promise<unknown> {
  const queue = await requireQueue(ctx, input);
  const tags = optionalStringMap(input, 'Tags');
  if (tags === undefined) throw sqsErrors.missingParameter('The request must contain the parameter Tags.');
  checkTags(tags);
  await ctx.store.update(queue.name, queue.modifiedAt, (current) => ({ attributes: current.attributes, tags: checkTags({ ...current.tags, ...tags }) }));
  return {};
}

/** UntagQueue: removes the named tags; absent ones are ignored. */
export async function untagQueue(ctx: QueuesContext, input: Record<string, unknown>): Promise<unknown> {
  const queue = await requireQueue(ctx, input);
  const keys = optionalStringList(input, 'TagKeys');
  if (keys === undefined) throw sqsErrors.missingParameter('The request must contain the parameter TagKeys.');
  await ctx.store.update(queue.name, queue.modifiedAt, (current) => {
    const tags = { ...current.tags };
    for (const key of keys) delete tags[key];
    return { attributes: current.attributes, tags };
  });
  return {};
}

/** ListQueueTags. */
export async function listQueueTags(ctx: QueuesContext, input: Record<string, unknown>): Promise<unknown> {
  const queue = await requireQueue(ctx, input);
  return Object.keys(queue.tags).length === 0 ? {} : { Tags: { ...queue.tags } };
}
