import { busArn } from '../bus/bus-arns.js';
import type { BusContext } from '../bus/bus-context.js';
import type { ArchiveDefinition, BusDefinition } from '../bus/bus-documents.js';
import { createArchive } from '../bus/operations/create-archive.js';
import { createEventBus } from '../bus/operations/create-event-bus.js';
import { updateArchive } from '../bus/operations/update-archive.js';
import { updateEventBus } from '../bus/operations/update-event-bus.js';
import { refusedAs, type ApplyRecorder } from './apply-report.js';
import { at } from './config-checker.js';
import type { NormalizedArchive } from './normalized-bus.js';
import type { NormalizedConfig } from './normalized-config.js';
import { sameJson } from './rule-plan.js';

/** The config's buses and archives compared with the stored ones (reads only); `run` then makes the writes. */
export interface BusesApplication {
  refused: string[];
  run(recorder: ApplyRecorder): Promise<void>;
}

type Step = { kind: 'bus' | 'archive'; name: string; path: string } & (
  | { op: 'create' }
  | { op: 'unchanged' }
  | { op: 'update'; input: Record<string, unknown>; changes: string[] }
);

/**
 * Buses are created (CreateEventBus) or their description updated (UpdateEventBus); archives created
 * (CreateArchive) or updated (UpdateArchive: pattern, retention, description), through the bus's own
 * operations. An archive's bus cannot change (as on AWS): a stored archive of another bus is refused,
 * like a table's keys. What the config does not model (policies, tags, KMS keys) stays as it is.
 */
export async function applyBuses(config: NormalizedConfig, ctx: BusContext): Promise<BusesApplication> {
  const refused: string[] = [];
  const steps: Step[] = [];
  for (const [name, bus] of Object.entries(config.buses)) {
    const path = at('buses', name);
    const stored = await ctx.store.getDocument<BusDefinition>('bus', '', name);
    const description = bus.description ?? '';
    if (!stored) steps.push({ kind: 'bus', name, path, op: 'create' });
    else if ((stored.definition.Description ?? '') === description) steps.push({ kind: 'bus', name, path, op: 'unchanged' });
    else steps.push({ kind: 'bus', name, path, op: 'update', input: { Name: name, Description: description }, changes: ['description changed'] });
  }
  for (const [name, archive] of Object.entries(config.archives)) {
    const path = at('archives', name);
    const stored = await ctx.store.getDocument<ArchiveDefinition>('archive', '', name);
    if (!stored) {
      steps.push({ kind: 'archive', name, path, op: 'create' });
    } else if (stored.definition.bus !== archive.bus) {
      refused.push(
        `${at(path, 'bus')}: the stored archive ${name} keeps the events of bus ${stored.definition.bus}; an archive's bus cannot change (delete it to re-create it: aws events delete-archive --archive-name ${name})`,
      );
    } else {
      const update = archiveUpdate(stored.definition, archive);
      const input = { ArchiveName: name, ...update.input };
      steps.push(update.changes.length === 0 ? { kind: 'archive', name, path, op: 'unchanged' } : { kind: 'archive', name, path, op: 'update', input, changes: update.changes });
    }
  }
  return {
    refused,
    async run(recorder) {
      for (const step of steps) {
        const { kind, name, path } = step;
        if (step.op === 'unchanged') {
          recorder.record('unchanged', { kind, name, changes: [] });
        } else if (step.op === 'update') {
          const { input } = step;
          await refusedAs(config, path, () => (kind === 'bus' ? updateEventBus(ctx, input) : updateArchive(ctx, input)));
          recorder.record('updated', { kind, name, changes: step.changes });
        } else {
          await refusedAs(config, path, () => (kind === 'bus' ? createEventBus(ctx, createBusInput(config, name)) : createArchive(ctx, createArchiveInput(config, ctx, name))));
          recorder.record('created', { kind, name, changes: [] });
        }
      }
    },
  };
}

function createBusInput(config: NormalizedConfig, name: string): Record<string, unknown> {
  const { description } = config.buses[name]!;
  return { Name: name, ...(description !== undefined && { Description: description }) };
}

function createArchiveInput(config: NormalizedConfig, ctx: BusContext, name: string): Record<string, unknown> {
  const archive = config.archives[name]!;
  return {
    ArchiveName: name,
    EventSourceArn: busArn(ctx.deployment, archive.bus),
    RetentionDays: archive.retentionDays,
    ...(archive.pattern && { EventPattern: JSON.stringify(archive.pattern) }),
    ...(archive.description !== undefined && { Description: archive.description }),
  };
}

/** UpdateArchive's input for what differs (an empty EventPattern removes the pattern), and the changes. */
function archiveUpdate(stored: ArchiveDefinition, archive: NormalizedArchive): { input: Record<string, unknown>; changes: string[] } {
  const input: Record<string, unknown> = {};
  const changes: string[] = [];
  const pattern = archive.pattern ? JSON.stringify(archive.pattern) : '';
  if (!sameJson(stored.EventPattern, archive.pattern && pattern)) {
    input['EventPattern'] = pattern;
    changes.push('pattern changed');
  }
  if (stored.RetentionDays !== archive.retentionDays) {
    input['RetentionDays'] = archive.retentionDays;
    changes.push(`retentionDays ${stored.RetentionDays} → ${archive.retentionDays}`);
  }
  if ((stored.Description ?? '') !== (archive.description ?? '')) {
    input['Description'] = archive.description ?? '';
    changes.push('description changed');
  }
  return { input, changes };
}
