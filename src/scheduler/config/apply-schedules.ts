import type { ApplyRecorder } from '../../config/apply-report.js';
import type { QueuesContext } from '../../queues/queues-context.js';
import type { BusStore } from '../../storage/bus-store.js';
import { ensureDefaultGroup } from '../operations/groups.js';
import { deleteSchedule, writeSchedule } from '../operations/schedules.js';
import { DEFAULT_GROUP, scheduleLabel, type GroupDefinition, type ScheduleDefinition } from '../schedule-definition.js';
import type { TimedDefinition } from '../schedule-times.js';
import type { SchedulerContext } from '../scheduler-context.js';
import { checkScheduleInput } from '../validation/check-schedule.js';
import type { NormalizedSchedule } from './schedule-config.js';
import { scheduleRequest } from './validate-schedules.js';

export interface ScheduleReferences {
  readonly queues: QueuesContext;
  /** Without a bus, a schedule targeting one is refused. */
  readonly bus?: BusStore;
  /** Queues and buses the config declares (created before schedules are applied). */
  readonly declaredQueues: readonly string[];
  readonly declaredBuses: readonly string[];
}

/** Problems with what the config's schedules name: a queue or bus declared nowhere and not stored (reads only). */
export async function checkScheduleReferences(schedules: Readonly<Record<string, NormalizedSchedule>>, refs: ScheduleReferences): Promise<string[]> {
  const problems: string[] = [];
  for (const [name, { refs: to }] of Object.entries(schedules)) {
    for (const queue of [to.queue, to.deadLetter]) {
      if (queue === undefined || refs.declaredQueues.includes(queue) || (await refs.queues.store.get(queue))) continue;
      problems.push(`schedules.${name}: queue ${queue} is declared nowhere and does not exist`);
    }
    const bus = to.bus;
    if (bus === undefined || bus === 'default' || refs.declaredBuses.includes(bus)) continue;
    if (!(await refs.bus?.getDocument('bus', '', bus))) problems.push(`schedules.${name}: bus ${bus} is declared nowhere and does not exist`);
  }
  return problems;
}

/** The stored definition as a config would write it: what decides whether a schedule changed. */
function comparable(definition: ScheduleDefinition): string {
  const { anchor: _anchor, clientToken: _token, ...rest } = definition as TimedDefinition;
  return canonical(rest);
}

/** JSON with every object's keys sorted. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/**
 * Creates the config's schedules (and their groups) or updates those that changed. An unchanged schedule
 * is not written: an update restarts a rate() without StartDate from now, and runs it at once, as AWS's
 * UpdateSchedule does. Schedules dropped from the config are deleted by `eddy dev` (removeSchedules), as rules are.
 */
export async function applySchedules(schedules: Readonly<Record<string, NormalizedSchedule>>, ctx: SchedulerContext, recorder: ApplyRecorder): Promise<void> {
  await ensureDefaultGroup(ctx);
  for (const group of new Set(Object.values(schedules).map((s) => s.group))) {
    if (group === DEFAULT_GROUP) continue;
    await ctx.store.write<GroupDefinition, void>({
      kind: 'group',
      group: '',
      name: group,
      now: ctx.clock.now(),
      decide: (current) => ({ definition: current?.definition ?? { Tags: [] }, result: undefined }),
    });
  }
  for (const [name, schedule] of Object.entries(schedules)) {
    const request = scheduleRequest(schedule, ctx.deployment);
    const wanted = checkScheduleInput(name, request).definition;
    const stored = await ctx.store.getSchedule<ScheduleDefinition>(schedule.group, name);
    const resource = { kind: 'schedule' as const, name: scheduleLabel(schedule.group, name), changes: [] };
    if (stored && comparable(stored.definition) === comparable(wanted)) {
      recorder.record('unchanged', resource);
      continue;
    }
    await writeSchedule(ctx, name, request, stored === undefined);
    recorder.record(stored ? 'updated' : 'created', resource);
  }
}


/**
 * Deletes schedules dropped from the config (`eddy dev`), through DeleteSchedule's operation, as rules
 * dropped from it are deleted. One already gone (an `at` schedule deleted after its run) is left; its
 * group stays, as groups created through the API do.
 */
export async function removeSchedules(ctx: SchedulerContext, schedules: readonly { group: string; name: string }[]): Promise<void> {
  for (const { group, name } of schedules) {
    if (await ctx.store.getSchedule(group, name)) await deleteSchedule(ctx, name, group, undefined);
  }
}
