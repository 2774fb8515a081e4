import type { StoredTopic } from '../../storage/topic-store.js';
import { topicNameOf } from '../topic-arns.js';
import type { TopicsContext } from '../topics-context.js';
import { topicsErrors } from '../topics-errors.js';

export interface Tag {
  Key: string;
  Value: string;
}

/** At most 50 tags on a topic [SEMANTICS E.2 M]. */
const MAX_TAGS = 50;

/**
 * Tags as a map: keys 1–128 characters, values 0–256 [M] (wording of those two unconfirmed); a key twice
 * in one call is `Invalid parameter: Duplicated keys are not allowed.` [O].
 */
export function tagMap(tags: readonly Tag[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { Key, Value } of tags) {
    if (Key.length < 1 || Key.length > 128) throw topicsErrors.invalidParameter('Invalid parameter: Tags Reason: Tag keys must be 1 to 128 characters long');
    if (Value.length > 256) throw topicsErrors.invalidParameter('Invalid parameter: Tags Reason: Tag values must be at most 256 characters long');
    if (Object.hasOwn(out, Key)) throw topicsErrors.invalidParameter('Invalid parameter: Duplicated keys are not allowed.');
    out[Key] = Value;
  }
  if (Object.keys(out).length > MAX_TAGS) throw topicsErrors.tagLimit();
  return out;
}

/** The topic a ResourceArn names; a well-formed ARN of no topic is ResourceNotFound (404) [M]. */
async function changeTags(ctx: TopicsContext, resourceArn: string, change: (tags: Record<string, string>) => Record<string, string>): Promise<void> {
  const name = topicNameOf(ctx.deployment, resourceArn, 'ResourceArn');
  await ctx.store.writeTopic<void>({
    name,
    now: ctx.clock.now(),
    decide(current) {
      if (!current) throw topicsErrors.resourceNotFound();
      const tags = change({ ...current.tags });
      if (Object.keys(tags).length > MAX_TAGS) throw topicsErrors.tagLimit();
      return { topic: { ...current, tags }, result: undefined };
    },
  });
  ctx.hooks?.topicChanged?.(name);
}

/** TagResource: re-tagging a key overwrites it [O]. */
export async function tagResource(ctx: TopicsContext, input: { ResourceArn: string; Tags: Tag[] }): Promise<Record<string, never>> {
  const added = tagMap(input.Tags);
  await changeTags(ctx, input.ResourceArn, (tags) => ({ ...tags, ...added }));
  return {};
}

export async function untagResource(ctx: TopicsContext, input: { ResourceArn: string; TagKeys: string[] }): Promise<Record<string, never>> {
  await changeTags(ctx, input.ResourceArn, (tags) => {
    for (const key of input.TagKeys) delete tags[key];
    return tags;
  });
  return {};
}

export async function listTagsForResource(ctx: TopicsContext, input: { ResourceArn: string }): Promise<{ Tags: Tag[] }> {
  const topic: StoredTopic | undefined = await ctx.store.getTopic(topicNameOf(ctx.deployment, input.ResourceArn, 'ResourceArn'));
  if (!topic) throw topicsErrors.resourceNotFound();
  return { Tags: Object.entries(topic.tags).map(([Key, Value]) => ({ Key, Value })) };
}
