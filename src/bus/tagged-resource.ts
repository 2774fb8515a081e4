import { resourceOfArn } from './bus-arns.js';
import type { BusContext } from './bus-context.js';
import { busErrors } from './bus-errors.js';
import { requireBus, requireRule, writeBus, writeRule } from './bus-lookup.js';

type Tags = Readonly<Record<string, string>>;

/** A bus or rule that TagResource, UntagResource and ListTagsForResource reach by ARN. */
export interface TaggedResource {
  readonly tags: Tags;
  /** Rewrites its tags as `change` says, in one transaction (a rule's write bumps its bus's version, as every rule write does). */
  retag(change: (tags: Tags) => Tags): Promise<void>;
}

/**
 * The bus or rule an ARN names, or ResourceNotFoundException as DescribeEventBus / DescribeRule would
 * answer. An ARN that names neither (another service, another account or region) is a
 * ValidationException (wording ours, unconfirmed).
 */
export async function taggedResource(ctx: BusContext, arn: string): Promise<TaggedResource> {
  const resource = resourceOfArn(ctx.deployment, arn);
  if (!resource) throw busErrors.validation(`Parameter ResourceARN is not valid. Reason: ${arn} is not an event bus or rule of this account and region.`);
  const bus = await requireBus(ctx, resource.bus);
  if (resource.kind === 'bus') {
    return {
      tags: bus.definition.Tags,
      retag: (change) =>
        writeBus(ctx, bus.name, (current) => {
          if (!current) throw busErrors.busNotFound(bus.name);
          return { definition: { ...current.definition, Tags: change(current.definition.Tags) }, result: undefined };
        }),
    };
  }
  const { rule: name } = resource;
  const rule = await requireRule(ctx, bus.name, name);
  return {
    tags: rule.definition.Tags,
    retag: (change) =>
      writeRule(ctx, bus.name, name, (current) => {
        if (!current) throw busErrors.ruleNotFound(name, bus.name);
        return { definition: { ...current.definition, Tags: change(current.definition.Tags) }, result: undefined };
      }),
  };
}
