import { eventBridgeOperations } from '../api/eventbridge-service.js';
import type { BusContext } from '../bus/bus-context.js';
import type { ArchiveDefinition } from '../bus/bus-documents.js';
import type { ArchivedEvent } from '../storage/bus-store.js';
import { ServiceError } from '../shared/service-error.js';
import type { ExportLine } from './export-format.js';

/** Archived events read (and stored on import) per storage call: a page, never the archive. */
const PAGE = 500;
const BATCH = 100;

/**
 * Bus archives, as CreateArchive requests, each followed by its events (with their event times, which a
 * replay selects by) read a page at a time. The rule an archive manages is made again by CreateArchive.
 * Written after every bus: an archive names its bus by ARN.
 */
export async function* archiveLines(ctx: BusContext): AsyncGenerator<string> {
  for (const { name, definition } of await ctx.store.listDocuments<ArchiveDefinition>('archive')) {
    const { EventSourceArn, Description, EventPattern, RetentionDays, KmsKeyIdentifier } = definition;
    const create = {
      ArchiveName: name,
      EventSourceArn,
      ...(Description !== undefined && { Description }),
      ...(EventPattern !== undefined && { EventPattern }),
      RetentionDays,
      ...(KmsKeyIdentifier !== undefined && { KmsKeyIdentifier }),
    };
    yield JSON.stringify({ type: 'archive', name, create });
    const archive = JSON.stringify(name);
    let after: { eventTime: number; eventId: string } | undefined;
    for (;;) {
      const page = await ctx.store.readArchive({ archive: name, from: Number.MIN_SAFE_INTEGER, to: Number.MAX_SAFE_INTEGER, limit: PAGE, ...(after && { after }) });
      // The envelope as its stored JSON text, in a string: parsed on import, a number in its detail beyond a double's precision would change.
      for (const event of page) yield `{"type":"archivedEvent","archive":${archive},"eventId":${JSON.stringify(event.eventId)},"eventTime":${event.eventTime},"event":${JSON.stringify(event.json)}}`;
      if (page.length < PAGE) break;
      const last = page[page.length - 1]!;
      after = { eventTime: last.eventTime, eventId: last.eventId };
    }
  }
}

/**
 * Import of archives: CreateArchive unless one of that name exists here (kept, with none of the file's
 * events). The events of an archive this import created are stored in it as archived, with their event
 * times, so a replay of the imported archive replays them; they are not delivered on import.
 */
export class ArchiveLoader {
  readonly #ctx: BusContext;
  /** The archive of the last definition line: its event lines follow it. */
  #current: string | undefined;
  #created = false;
  #batch: ArchivedEvent[] = [];

  constructor(ctx: BusContext) {
    this.#ctx = ctx;
  }

  /** Creates the archive of a definition line; false when one of that name exists (kept). */
  async define(line: Extract<ExportLine, { type: 'archive' }>): Promise<boolean> {
    await this.flush();
    this.#current = line.name;
    this.#created = false;
    try {
      await eventBridgeOperations['CreateArchive']!(this.#ctx, { ...line.create, ArchiveName: line.name });
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'ResourceAlreadyExistsException') return false;
      throw error;
    }
    this.#created = true;
    return true;
  }

  /** Queues an event for the archive defined last; false when that archive existed (kept, without the file's events). */
  async event(line: Extract<ExportLine, { type: 'archivedEvent' }>): Promise<boolean> {
    if (line.archive !== this.#current) throw new Error(`an event of archive ${line.archive} must follow that archive's line`);
    if (!this.#created) return false;
    if (typeof line.eventId !== 'string' || !Number.isSafeInteger(line.eventTime) || typeof line.event !== 'string') {
      throw new Error('an archived event needs an eventId, an eventTime (epoch ms) and the event (its JSON text)');
    }
    try {
      JSON.parse(line.event);
    } catch {
      throw new Error(`archived event ${line.eventId}: its event is not JSON text`);
    }
    this.#batch.push({ archive: line.archive, eventId: line.eventId, eventTime: line.eventTime, json: line.event });
    if (this.#batch.length >= BATCH) await this.flush();
    return true;
  }

  /** Stores the queued events in one transaction (no deliveries: archived, not sent). */
  async flush(): Promise<void> {
    const archived = this.#batch;
    this.#batch = [];
    if (archived.length === 0) return;
    await this.#ctx.store.acceptEvents({ deliveries: [], archived, now: this.#ctx.clock.now() });
  }
}
