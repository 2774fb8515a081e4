import { PAGE_SIZE, nextToken, positionOf } from '../pages.js';
import { topicArn, topicNameOf, validTopicName } from '../topic-arns.js';
import { topicAttributeValue, topicAttributesView } from '../topic-attributes.js';
import type { TopicsContext } from '../topics-context.js';
import { topicsErrors } from '../topics-errors.js';
import { tagMap, type Tag } from './tags.js';

export interface CreateTopicInput {
  Name: string;
  Attributes?: Record<string, string>;
  Tags?: Tag[];
  DataProtectionPolicy?: string;
}

/** The attributes a CreateTopic asks for, stored form; FifoTopic=false says nothing [SEMANTICS E.2 O]. */
function createAttributes(given: Readonly<Record<string, string>>, fifo: boolean, dataProtection: string | undefined): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    if (name === 'FifoTopic') continue;
    const stored = topicAttributeValue(name, value, fifo);
    if (stored !== undefined) attributes[name] = stored;
  }
  if (dataProtection !== undefined) {
    if (dataProtection.length > 30_720) throw topicsErrors.invalidParameter('Invalid parameter: DataProtectionPolicy');
    const stored = topicAttributeValue('DataProtectionPolicy', dataProtection, fifo);
    if (stored !== undefined) attributes['DataProtectionPolicy'] = stored;
  }
  return attributes;
}

/**
 * CreateTopic [SEMANTICS E.2]. A FIFO topic needs both the `.fifo` suffix and FifoTopic=true; every name
 * problem is `Invalid parameter: Topic Name`. Idempotent: asking again with no attributes, the same
 * ones (or a subset) and the same tags (or a subset, or none) gives the same ARN.
 */
export async function createTopic(ctx: TopicsContext, input: CreateTopicInput): Promise<{ TopicArn: string }> {
  const given = input.Attributes ?? {};
  const fifoFlag = given['FifoTopic'];
  if (fifoFlag !== undefined && !/^(true|false)$/i.test(fifoFlag)) throw topicsErrors.invalidParameter('Invalid parameter: FifoTopic Reason: must be true or false');
  const fifo = fifoFlag?.toLowerCase() === 'true';
  if (!validTopicName(input.Name, fifo)) throw topicsErrors.invalidParameter('Invalid parameter: Topic Name');
  const attributes = createAttributes(given, fifo, input.DataProtectionPolicy);
  const tags = tagMap(input.Tags ?? []);
  await ctx.store.writeTopic<void>({
    name: input.Name,
    now: ctx.clock.now(),
    decide(current) {
      if (!current) return { topic: { fifo, attributes, tags }, result: undefined };
      const sameAttributes = Object.entries(attributes).every(([name, value]) => current.attributes[name] === value);
      if (!sameAttributes) throw topicsErrors.invalidParameter('Invalid parameter: Attributes Reason: Topic already exists with different attributes');
      if (!Object.entries(tags).every(([key, value]) => current.tags[key] === value)) {
        throw topicsErrors.invalidParameter('Invalid parameter: Tags Reason: Topic already exists with different tags');
      }
      return { result: undefined };
    },
  });
  return { TopicArn: topicArn(ctx.deployment, input.Name) };
}

/** DeleteTopic: idempotent (an unknown topic is 200), its subscriptions go with it [SEMANTICS E.2 M][O]. */
export async function deleteTopic(ctx: TopicsContext, input: { TopicArn: string }): Promise<Record<string, never>> {
  const name = topicNameOf(ctx.deployment, input.TopicArn);
  await ctx.store.writeTopic<void>({ name, now: ctx.clock.now(), decide: (current) => ({ ...(current && { topic: null }), result: undefined }) });
  ctx.hooks?.topicChanged?.(name);
  return {};
}

export async function listTopics(ctx: TopicsContext, input: { NextToken?: string }): Promise<{ Topics: { TopicArn: string }[]; NextToken?: string }> {
  const topics = await ctx.store.listTopics(positionOf(input.NextToken), PAGE_SIZE + 1);
  const page = topics.slice(0, PAGE_SIZE);
  return {
    Topics: page.map((topic) => ({ TopicArn: topicArn(ctx.deployment, topic.name) })),
    ...(topics.length > PAGE_SIZE && { NextToken: nextToken(page.at(-1)!.name) }),
  };
}

export async function getTopicAttributes(ctx: TopicsContext, input: { TopicArn: string }): Promise<{ Attributes: Record<string, string> }> {
  const name = topicNameOf(ctx.deployment, input.TopicArn);
  const topic = await ctx.store.getTopic(name);
  if (!topic) throw topicsErrors.topicNotFound();
  return { Attributes: topicAttributesView(ctx.deployment, topic, await ctx.store.countSubscriptions(name)) };
}

/** SetTopicAttributes: one settable attribute (FifoTopic only at creation) [SEMANTICS E.3]; no AttributeValue is ''. */
export async function setTopicAttributes(ctx: TopicsContext, input: { TopicArn: string; AttributeName: string; AttributeValue?: string }): Promise<Record<string, never>> {
  const name = topicNameOf(ctx.deployment, input.TopicArn);
  await ctx.store.writeTopic<void>({
    name,
    now: ctx.clock.now(),
    decide(current) {
      if (!current) throw topicsErrors.topicNotFound();
      const value = topicAttributeValue(input.AttributeName, input.AttributeValue ?? '', current.fifo);
      const attributes = { ...current.attributes };
      if (value === undefined) delete attributes[input.AttributeName];
      else attributes[input.AttributeName] = value;
      return { topic: { ...current, attributes }, result: undefined };
    },
  });
  ctx.hooks?.topicChanged?.(name);
  return {};
}
