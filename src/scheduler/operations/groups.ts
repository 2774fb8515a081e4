import { checkRequest } from '../../bus/validation/check-request.js';
import type { StoredSchedulerDocument } from '../../storage/scheduler-store.js';
import { pageOf, wireTime } from '../pages.js';
import { DEFAULT_GROUP, type GroupDefinition, type Tag } from '../schedule-definition.js';
import { groupArn, groupNameOfArn } from '../scheduler-arns.js';
import type { SchedulerContext } from '../scheduler-context.js';
import { schedulerErrors } from '../scheduler-errors.js';
import { groupInputShape, groupRefShape, listGroupsShape, listTagsShape, tagResourceShape, untagResourceShape } from '../validation/scheduler-shapes.js';

type Group = StoredSchedulerDocument<GroupDefinition>;

/**
 * The `default` group every account has: stored at start, so schedules written into it find it. A start that
 * finds it writes nothing (a write would wait for a flush before ready, and move its modification time).
 */
export async function ensureDefaultGroup(ctx: SchedulerContext): Promise<void> {
  if (await ctx.store.getGroup(DEFAULT_GROUP)) return;
  await ctx.store.write<GroupDefinition, void>({
    kind: 'group',
    group: '',
    name: DEFAULT_GROUP,
    now: ctx.clock.now(),
    decide: (current) => ({ definition: current ? current.definition : { Tags: [] }, result: undefined }),
  });
}

/** CreateScheduleGroup: a name taken is ConflictException, unless the request repeats the ClientToken that created it. */
export async function createScheduleGroup(ctx: SchedulerContext, name: string, body: Record<string, unknown>): Promise<{ ScheduleGroupArn: string }> {
  const input = checkRequest<{ Name: string; Tags?: Tag[]; ClientToken?: string }>({ ...body, Name: name }, groupInputShape);
  const definition: GroupDefinition = { Tags: dedupe(input.Tags ?? []), ...(input.ClientToken !== undefined && { clientToken: input.ClientToken }) };
  await ctx.store.write<GroupDefinition, void>({
    kind: 'group',
    group: '',
    name: input.Name,
    now: ctx.clock.now(),
    decide(current) {
      if (current && (input.ClientToken === undefined || current.definition.clientToken !== input.ClientToken)) throw schedulerErrors.groupExists(input.Name);
      return { definition: current?.definition ?? definition, result: undefined };
    },
  });
  return { ScheduleGroupArn: groupArn(ctx.deployment, input.Name) };
}

export async function getScheduleGroup(ctx: SchedulerContext, name: string): Promise<Record<string, unknown>> {
  const input = checkRequest<{ Name: string }>({ Name: name }, groupRefShape);
  const group = await ctx.store.getGroup<GroupDefinition>(input.Name);
  if (!group) throw schedulerErrors.groupNotFound(input.Name);
  return groupView(ctx, group);
}

/**
 * DeleteScheduleGroup marks the group DELETING (SEMANTICS F.1: it shows DELETING until its schedules are
 * gone); a firing loop, on whichever node, then removes it and its schedules in one transaction
 * (group-deletion.ts) and fires none of them meanwhile. Deleting a group already DELETING succeeds again
 * (unconfirmed).
 */
export async function deleteScheduleGroup(ctx: SchedulerContext, name: string, clientToken: string | undefined): Promise<Record<string, never>> {
  const input = checkRequest<{ Name: string }>({ Name: name, ...(clientToken !== undefined && { ClientToken: clientToken }) }, groupRefShape);
  if (input.Name === DEFAULT_GROUP) throw schedulerErrors.defaultGroup();
  await ctx.store.write<GroupDefinition, void>({
    kind: 'group',
    group: '',
    name: input.Name,
    now: ctx.clock.now(),
    decide(current) {
      if (!current) throw schedulerErrors.groupNotFound(input.Name);
      return { definition: { ...current.definition, State: 'DELETING' }, result: undefined };
    },
  });
  ctx.changed();
  return {};
}

export async function listScheduleGroups(ctx: SchedulerContext, query: Record<string, unknown>): Promise<Record<string, unknown>> {
  const input = checkRequest<{ NamePrefix?: string; NextToken?: string; MaxResults?: number }>(query, listGroupsShape);
  const groups = (await ctx.store.listGroups<GroupDefinition>()).filter((g) => input.NamePrefix === undefined || g.name.startsWith(input.NamePrefix));
  const { page, next } = pageOf(groups, (g) => g.name, input.MaxResults, input.NextToken);
  return { ScheduleGroups: page.map((g) => groupView(ctx, g)), ...(next !== undefined && { NextToken: next }) };
}

function groupView(ctx: SchedulerContext, group: Group): Record<string, unknown> {
  return {
    Arn: groupArn(ctx.deployment, group.name),
    Name: group.name,
    State: group.definition.State ?? 'ACTIVE',
    CreationDate: wireTime(group.createdAt),
    LastModificationDate: wireTime(group.modifiedAt),
  };
}

/** Tags apply to schedule groups only (SEMANTICS F.1); a later tag of the same key wins. */
function dedupe(tags: readonly Tag[]): Tag[] {
  const byKey = new Map<string, string>();
  for (const tag of tags) byKey.set(tag.Key, tag.Value);
  return [...byKey].map(([Key, Value]) => ({ Key, Value }));
}

async function writeTags(ctx: SchedulerContext, arn: string, change: (tags: readonly Tag[]) => Tag[]): Promise<void> {
  const name = groupNameOfArn(ctx.deployment, arn);
  if (name === undefined) throw schedulerErrors.groupNotFound(arn);
  await ctx.store.write<GroupDefinition, void>({
    kind: 'group',
    group: '',
    name,
    now: ctx.clock.now(),
    decide(current) {
      if (!current) throw schedulerErrors.groupNotFound(name);
      return { definition: { ...current.definition, Tags: change(current.definition.Tags) }, result: undefined };
    },
  });
}

export async function tagResource(ctx: SchedulerContext, arn: string, body: Record<string, unknown>): Promise<Record<string, never>> {
  const input = checkRequest<{ ResourceArn: string; Tags: Tag[] }>({ ...body, ResourceArn: arn }, tagResourceShape);
  await writeTags(ctx, input.ResourceArn, (tags) => dedupe([...tags, ...input.Tags]));
  return {};
}

export async function untagResource(ctx: SchedulerContext, arn: string, keys: string[]): Promise<Record<string, never>> {
  const input = checkRequest<{ ResourceArn: string; TagKeys: string[] }>({ ResourceArn: arn, TagKeys: keys }, untagResourceShape);
  const removed = new Set(input.TagKeys);
  await writeTags(ctx, input.ResourceArn, (tags) => tags.filter((tag) => !removed.has(tag.Key)));
  return {};
}

export async function listTagsForResource(ctx: SchedulerContext, arn: string): Promise<{ Tags: Tag[] }> {
  const input = checkRequest<{ ResourceArn: string }>({ ResourceArn: arn }, listTagsShape);
  const name = groupNameOfArn(ctx.deployment, input.ResourceArn);
  const group = name === undefined ? undefined : await ctx.store.getGroup<GroupDefinition>(name);
  if (!group) throw schedulerErrors.groupNotFound(name ?? input.ResourceArn);
  return { Tags: [...group.definition.Tags] };
}
