import { createScheduleGroup, getScheduleGroup, listScheduleGroups, listTagsForResource } from '../scheduler/operations/groups.js';
import { getSchedule, listSchedules, writeSchedule } from '../scheduler/operations/schedules.js';
import type { SchedulerContext } from '../scheduler/scheduler-context.js';
import { ServiceError } from '../shared/service-error.js';
import type { ExportLine } from './export-format.js';

type Shape = Record<string, unknown>;

/** Every page of a Scheduler List… operation's `member`. */
async function* listed(list: (query: Shape) => Promise<Shape>, member: string): AsyncGenerator<Shape> {
  let NextToken: unknown;
  do {
    const page = await list(NextToken === undefined ? {} : { NextToken });
    yield* (page[member] as Shape[] | undefined) ?? [];
    NextToken = page['NextToken'];
  } while (NextToken !== undefined);
}

/** What GetSchedule answers that CreateSchedule does not take. */
const READ_ONLY = new Set(['Arn', 'Name', 'CreationDate', 'LastModificationDate']);

/**
 * Scheduler's schedule groups (`default` always exists: not created) and their schedules, each as the
 * CreateScheduleGroup / CreateSchedule request that makes it again. Groups being deleted are left out.
 */
export async function* scheduleLines(ctx: SchedulerContext): AsyncGenerator<string> {
  const groups: string[] = [];
  for await (const group of listed((query) => listScheduleGroups(ctx, query), 'ScheduleGroups')) {
    if (group['State'] === 'DELETING') continue;
    const name = group['Name'] as string;
    groups.push(name);
    if (name === 'default') continue;
    const { Tags } = await listTagsForResource(ctx, group['Arn'] as string);
    yield JSON.stringify({ type: 'scheduleGroup', name, create: Tags.length > 0 ? { Tags } : {} });
  }
  for (const group of groups) {
    for await (const summary of listed((query) => listSchedules(ctx, { ...query, GroupName: group }), 'Schedules')) {
      const schedule = await getSchedule(ctx, summary['Name'] as string, group);
      const create = Object.fromEntries(Object.entries(schedule).filter(([member]) => !READ_ONLY.has(member)));
      yield JSON.stringify({ type: 'schedule', group, name: summary['Name'], create });
    }
  }
}

/** Import of schedule groups and schedules: each created unless one of that name (in that group) exists, which is kept. */
export class ScheduleLoader {
  readonly #ctx: SchedulerContext;

  constructor(ctx: SchedulerContext) {
    this.#ctx = ctx;
  }

  async group(line: Extract<ExportLine, { type: 'scheduleGroup' }>): Promise<boolean> {
    if (await exists(() => getScheduleGroup(this.#ctx, line.name))) return false;
    await createScheduleGroup(this.#ctx, line.name, line.create ?? {});
    return true;
  }

  async schedule(line: Extract<ExportLine, { type: 'schedule' }>): Promise<boolean> {
    if (await exists(() => getSchedule(this.#ctx, line.name, line.group))) return false;
    await writeSchedule(this.#ctx, line.name, { ...line.create, GroupName: line.group }, true);
    return true;
  }
}

async function exists(get: () => Promise<unknown>): Promise<boolean> {
  try {
    await get();
    return true;
  } catch (error) {
    if (error instanceof ServiceError && error.code === 'ResourceNotFoundException') return false;
    throw error;
  }
}
