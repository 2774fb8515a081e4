import type { SchedulerStore } from '../../storage/scheduler-store.js';
import type { GroupDefinition } from '../schedule-definition.js';

/**
 * Completes DeleteScheduleGroup: every group marked DELETING is removed with its schedules, one
 * transaction per group (SchedulerStore.write deletes a group's schedules with it). Safe on several nodes:
 * the state is stored, and a node finding the group gone or no longer DELETING writes nothing. Run by the
 * firing loop at the start of each pass, before it fires, so a DELETING group's schedules do not fire
 * (one may still fire if the group is marked during the pass, as AWS allows: "schedules may still fire").
 * Returns the groups this call removed.
 */
export async function finishGroupDeletions(store: SchedulerStore, now: number): Promise<string[]> {
  const deleting = (await store.listGroups<GroupDefinition>()).filter((group) => group.definition.State === 'DELETING');
  const removed: string[] = [];
  for (const group of deleting) {
    const done = await store.write<GroupDefinition, boolean>({
      kind: 'group',
      group: '',
      name: group.name,
      now,
      decide: (current) =>
        current?.definition.State === 'DELETING' ? { definition: null, result: true } : { definition: current?.definition ?? null, result: false },
    });
    if (done) removed.push(group.name);
  }
  return removed;
}
