import type { StorageEngine } from '../storage/engine.js';
import type { Clock } from '../shared/clock.js';
import { ServiceError } from '../shared/service-error.js';
import { performance } from 'node:perf_hooks';
import { MappingActions, type RewindTarget } from '../triggers/mapping-actions.js';
import type { MappingsContext } from '../triggers/mappings-context.js';
import type { PipesContext } from '../pipes/index.js';
import type { PipeDefinition } from '../pipes/pipe-definition.js';
import type { MappingStatus } from '../triggers/mapping-status.js';
import type { AdminFeed, AdminRoute } from './admin-api.js';

/** The feed the console keeps its mappings view live with: `GET /_eddy/mappings/feed`. */
export const MAPPINGS_FEED_PATH = /^\/_eddy\/mappings\/feed$/;

/** While something moves, statuses are looked at this often at most; when all is still, this seldom (another node's changes tell no one here). */
const BUSY_MS = 1000;
const IDLE_MS = 5000;
/** A wake-up (an append, an action) brings the next look forward, to a second after the last at the earliest. */
const SPACING_MS = 1000;

const invalid = (message: string) => new ServiceError('InvalidParameterValueException', message, 400);

/**
 * Acting on stream mappings and stream pipes (`eddy mappings retry|skip|rewind`, the console), each body
 * naming the mapping's uuid or the pipe's ARN or name as `uuid`, and optionally a `shard` (else every
 * shard concerned):
 * - `POST /_eddy/mappings/retry` `{ uuid, shard? }`: the blocking batch is tried at once, not after its backoff;
 * - `POST /_eddy/mappings/skip` `{ uuid, shard? }`: it is given up as if its retries had run out — its
 *   failure record to the on-failure destination, when there is one — and delivery goes on after it;
 * - `POST /_eddy/mappings/rewind` `{ uuid, shard?, sequenceNumber }` or `{ uuid, shard?, time }` (ISO 8601):
 *   delivery starts again from that record, or from the first record created at or after that time.
 * Each answers `{ uuid, action, shards: [{ shardId, checkpoint? }] }` once the request is stored; the node
 * holding the shard acts on it. ResourceNotFoundException (404) for an unknown mapping, ResourceConflictException
 * (409) when no batch is blocked, TrimmedDataAccessException when a rewind reaches records trimmed away.
 * And for any mapping or pipe (the console talks to the admin API only), `POST /_eddy/mappings/disable` and
 * `/enable` `{ uuid }`: UpdateEventSourceMapping's Enabled, a pipe's StopPipe / StartPipe; `{ uuid, state }`.
 */
export function mappingActionRoutes(
  engine: StorageEngine,
  streams: { clock: Clock; settings: { retentionMs: number } },
  contexts: { mappings: MappingsContext; pipes: PipesContext },
): Record<string, AdminRoute> {
  const actions = new MappingActions(engine, () => streams.clock.now() - streams.settings.retentionMs);
  // The Lambda and Pipes operations are chunks imported on first use (lambda-operations.ts, pipes-operations.ts).
  const turn = async (input: unknown, on: boolean) => {
    const [uuid] = target(input);
    if (await engine.triggers.getMapping(uuid)) {
      const updated = await (await import('./lambda-operations.js')).updateEventSourceMapping(contexts.mappings, uuid, { Enabled: on });
      return { uuid, state: updated.State };
    }
    const pipe = (await engine.pipes.list<PipeDefinition>()).find((p) => p.definition.Arn === uuid || p.name === uuid)?.definition;
    if (!pipe) throw new ServiceError('ResourceNotFoundException', `No event source mapping or pipe ${uuid}`, 404);
    const state = await (await import('./pipes-operations.js')).setPipeState(contexts.pipes, pipe.Name, on ? 'RUNNING' : 'STOPPED');
    return { uuid: pipe.Arn, state: state['CurrentState'] };
  };
  return {
    'POST /_eddy/mappings/disable': (input) => turn(input, false),
    'POST /_eddy/mappings/enable': (input) => turn(input, true),
    'POST /_eddy/mappings/retry': async (input) => actions.retry(...target(input)),
    'POST /_eddy/mappings/skip': async (input) => actions.skip(...target(input)),
    'POST /_eddy/mappings/rewind': async (input) => {
      const [uuid, shard] = target(input);
      const { sequenceNumber, time } = input as { sequenceNumber?: unknown; time?: unknown };
      if ((sequenceNumber === undefined) === (time === undefined)) throw invalid('A rewind names either a sequenceNumber or a time');
      let to: RewindTarget;
      if (sequenceNumber !== undefined) {
        if (typeof sequenceNumber !== 'string') throw invalid('sequenceNumber must be a string');
        to = { ...(shard !== undefined && { shard }), sequenceNumber };
      } else {
        const ms = typeof time === 'string' ? Date.parse(time) : NaN;
        if (Number.isNaN(ms)) throw invalid(`time must be an ISO 8601 date and time, not ${JSON.stringify(time)}`);
        to = { ...(shard !== undefined && { shard }), time: ms };
      }
      return actions.rewind(uuid, to);
    },
  };
}

function target(input: unknown): [uuid: string, shard: string | undefined] {
  const { uuid, shard } = (input ?? {}) as { uuid?: unknown; shard?: unknown };
  if (typeof uuid !== 'string' || uuid === '') throw invalid('uuid (an event source mapping uuid, or a pipe ARN or name) is required');
  if (shard !== undefined && (typeof shard !== 'string' || shard === '')) throw invalid('shard must be a shard id');
  return [uuid, shard];
}

/**
 * Every mapping's and pipe's status as Server-Sent Events: a `mappings` event (`{"mappings":[…]}`, as
 * `GET /_eddy/mappings` answers) at once, then whenever the statuses differ from the last one sent. They
 * are looked at again soon after a record is appended or an action asked for, every second while they
 * keep changing or something is in flight, retrying or behind, and every few seconds otherwise (what
 * other nodes do is in storage, and only a look finds it). The pacing is the wall clock's: it is about
 * how often a screen redraws, not about Eddy's time.
 */
export function mappingsFeed(engine: StorageEngine, sources: readonly { status(): Promise<MappingStatus[]> }[]): AdminFeed {
  return async ({ send, signal }) => {
    let last = '';
    let busy = false;
    const look = async () => {
      const mappings = (await Promise.all(sources.map((s) => s.status()))).flat();
      const text = JSON.stringify({ mappings });
      busy = text !== last || mappings.some(moving);
      if (text !== last) send('mappings', (last = text));
    };
    await look();
    let wake: () => void = () => undefined;
    const nudge = () => wake();
    const stops = [engine.onAppend(nudge), engine.triggers.onAction(nudge), engine.pipes.positions.onAction(nudge)];
    try {
      while (!signal.aborted) {
        const lookedAt = performance.now(); // screen refresh spacing in real time, not Eddy's time
        await new Promise<void>((resolve) => {
          let timer = setTimeout(done, busy ? BUSY_MS : IDLE_MS);
          function done() {
            clearTimeout(timer);
            signal.removeEventListener('abort', done);
            wake = () => undefined;
            resolve();
          }
          wake = () => {
            wake = () => undefined;
            clearTimeout(timer);
            timer = setTimeout(done, Math.max(0, SPACING_MS - (performance.now() - lookedAt)));
          };
          signal.addEventListener('abort', done, { once: true });
        });
        if (signal.aborted) break;
        await look().catch(() => undefined); // a failed look (storage away for a moment) is tried again at the next
      }
    } finally {
      for (const stop of stops) stop();
    }
  };
}

/** Something that will change the status without a wake-up: a batch in flight or retrying, a shard behind. */
function moving(status: MappingStatus): boolean {
  if (status.queue && (status.queue.inFlight > 0 || status.queue.state !== 'OK')) return true;
  return status.shards.some((s) => s.inFlight > 0 || s.state !== 'OK' || s.iteratorAgeMs > 0 || s.pendingAction !== undefined);
}
