import type { Logger } from '../../shared/logger.js';
import type { ArchivedEventRow, BusStore } from '../../storage/bus-store.js';
import type { ArchiveDefinition, ReplayDefinition } from '../bus-documents.js';
import type { BusEvent } from '../events/bus-event.js';
import { ACTIVE_REPLAY_STATES, type Replay } from '../replay-lookup.js';
import type { EventRouter } from '../routing/event-router.js';
import { replayedEvent } from './replayed-event.js';

/** Events are replayed in one-minute buckets of event time, counted from EventStartTime (SEMANTICS C.9). */
export const BUCKET_MS = 60_000;

export interface ReplayStepDeps {
  readonly store: BusStore;
  readonly router: EventRouter;
  readonly logger: Logger;
  /** Archived events read per step, at most. */
  readonly eventsPerStep: number;
}

/** 'more': the replay is due again; 'done': it ended (COMPLETED, CANCELLED or FAILED). */
export type StepOutcome = 'more' | 'done';

/** The lease moved to another owner while a step ran: it stored nothing more; the other owner carries on. */
export class LeaseLostError extends Error {}

/**
 * One step of a replay whose lease `owner` holds: at most `eventsPerStep` events of one bucket, from the
 * stored cursor on, accepted again on the destination bus through the router (replay-name set, FilterArns
 * as the only rules; the router never archives them again), then the progress stored — the cursor after
 * the last of them and EventLastReplayedTime, its event time. The two are separate writes: a node that
 * dies between them leaves the step to be replayed again (at least once per event; exactly once per step
 * otherwise). A CANCELLING replay ends CANCELLED here; a replay whose archive or bus went ends FAILED.
 *
 * The window is [EventStartTime, EventEndTime): the API reference says events with a time "prior to the
 * EventEndTime" are replayed and counts from EventStartTime (which boundary AWS includes is unconfirmed).
 * Throughput is bounded per step, not held to a PutEvents rate (AWS's replay rate derives from the
 * account's PutEvents TPS; Eddy has none).
 */
export async function replayStep(deps: ReplayStepDeps, replay: Replay, owner: string, now: number): Promise<StepOutcome> {
  const definition = replay.definition;
  if (definition.State === 'CANCELLING') return end(deps, replay, owner, now, 'CANCELLED');
  if (!ACTIVE_REPLAY_STATES.has(definition.State)) return end(deps, replay, owner, now, definition.State);
  const archive = await deps.store.getDocument<ArchiveDefinition>('archive', '', definition.archive);
  if (!archive || archive.createdAt !== definition.archiveCreatedAt) {
    return end(deps, replay, owner, now, 'FAILED', `Archive ${definition.archive} does not exist.`);
  }
  const rows = await deps.store.readArchive({
    archive: definition.archive,
    from: definition.EventStartTime,
    to: definition.EventEndTime - 1,
    ...(definition.cursor && { after: definition.cursor }),
    limit: deps.eventsPerStep,
  });
  const batch = firstBucket(rows, definition.EventStartTime);
  const ended = batch.length === rows.length && rows.length < deps.eventsPerStep;
  if (batch.length > 0) {
    const accepted = await deps.router.accept([{ bus: definition.bus, events: eventsOf(deps, replay.name, batch), ...routeOptions(definition) }], now);
    if (accepted.unknownBuses.length > 0) return end(deps, replay, owner, now, 'FAILED', `Event bus ${definition.bus} does not exist.`);
  }
  const last = batch[batch.length - 1];
  return save(deps, replay, owner, now, (current) => {
    // A cancel that came during the step ends the replay at the next one, even if nothing is left.
    const cancelling = current.State === 'CANCELLING';
    const complete = ended && !cancelling;
    const next: ReplayDefinition = {
      ...current,
      ...(last && { cursor: { eventTime: last.eventTime, eventId: last.eventId }, EventLastReplayedTime: last.eventTime }),
      State: cancelling ? 'CANCELLING' : complete ? 'COMPLETED' : 'RUNNING',
      ...(complete && { ReplayEndTime: now }),
    };
    return { definition: next, dueAt: complete ? null : now, outcome: complete ? 'done' : 'more' };
  });
}

/** The leading rows that share the first row's bucket: a step never spans two. */
function firstBucket(rows: readonly ArchivedEventRow[], start: number): readonly ArchivedEventRow[] {
  if (rows.length === 0) return rows;
  const bucket = (row: ArchivedEventRow) => Math.floor((row.eventTime - start) / BUCKET_MS);
  const first = bucket(rows[0]!);
  const end = rows.findIndex((row) => bucket(row) !== first);
  return end === -1 ? rows : rows.slice(0, end);
}

function eventsOf(deps: ReplayStepDeps, replayName: string, rows: readonly ArchivedEventRow[]): BusEvent[] {
  const events: BusEvent[] = [];
  for (const row of rows) {
    const event = replayedEvent(row, replayName);
    if (event) events.push(event);
    else deps.logger.warn(`bus: replay ${replayName} skips archived event ${row.eventId} of ${row.archive}: not an event envelope`);
  }
  return events;
}

const routeOptions = ({ Destination }: ReplayDefinition) =>
  Destination.FilterArns?.length ? { options: { onlyRules: new Set(Destination.FilterArns) } } : {};

function end(deps: ReplayStepDeps, replay: Replay, owner: string, now: number, State: ReplayDefinition['State'], StateReason?: string): Promise<StepOutcome> {
  return save(deps, replay, owner, now, (current) => ({
    definition: { ...current, State, ...(StateReason !== undefined && { StateReason }), ReplayEndTime: current.ReplayEndTime ?? now },
    dueAt: null,
    outcome: 'done',
  }));
}

/** Writes the replay as `next` says, only while `owner` still holds its lease. */
async function save(
  deps: ReplayStepDeps,
  replay: Replay,
  owner: string,
  now: number,
  next: (current: ReplayDefinition) => { definition: ReplayDefinition; dueAt: number | null; outcome: StepOutcome },
): Promise<StepOutcome> {
  return deps.store.writeDocument<ReplayDefinition, StepOutcome>({
    kind: 'replay',
    scope: '',
    name: replay.name,
    now,
    decide: (current) => {
      if (!current || current.owner !== owner) throw new LeaseLostError(`replay ${replay.name}: lease lost`);
      const { definition, dueAt, outcome } = next(current.definition);
      return { definition, dueAt, result: outcome };
    },
  });
}
