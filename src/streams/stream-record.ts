import { randomUUID } from 'node:crypto';
import type { PendingStreamRecord } from '../storage/engine.js';
import type { TableDefinition } from '../table/table-definition.js';
import type { AttributeMap } from '../table/values/attribute-value.js';
import { attributeSize } from '../table/values/item-size.js';
import type { StreamViewType } from './stream-meta.js';

/**
 * Stream records as DynamoDB Streams shows them (SEMANTICS.md §A.2–A.3), built as JSON text inside
 * the write's decision so the engine appends them in the same transaction. Images are spliced in as
 * the stored item text, never re-serialised: a write with a stream costs one string concatenation.
 */

/** How one table's records are built; undefined (see recordSettingsOf) when its stream is off. */
export interface RecordSettings {
  readonly viewType: StreamViewType;
  /** Primary key attribute names, partition first: the order of `Keys`. */
  readonly keyNames: readonly string[];
  /** `awsRegion`, already JSON-quoted. */
  readonly regionJson: string;
  readonly newImages: boolean;
  readonly oldImages: boolean;
}

/** An item image as stored: its JSON text (an AttributeMap) and its DynamoDB size. */
export interface RecordImage {
  readonly json: string;
  readonly size: number;
}

/** One item change. INSERT without `oldImage`, REMOVE without `newImage`, MODIFY with both. */
export interface ItemChange {
  /** Holds the key attributes (the item itself, or a request's Key). */
  readonly keys: AttributeMap;
  readonly oldImage?: RecordImage | undefined;
  readonly newImage?: RecordImage | undefined;
  /** Epoch ms of the write. */
  readonly now: number;
  /** A delete made by the service (TTL): the record carries `userIdentity`. */
  readonly byService?: boolean;
}

const settingsCache = new WeakMap<TableDefinition, { region: string; settings: RecordSettings | undefined }>();

/**
 * The record settings of a table, or undefined when it has no enabled stream. Cached per stored
 * definition (the catalog hands out the same object until the table changes).
 */
export function recordSettingsOf(definition: TableDefinition, region: string): RecordSettings | undefined {
  const cached = settingsCache.get(definition);
  if (cached !== undefined && cached.region === region) return cached.settings;
  const stream = definition.stream;
  let settings: RecordSettings | undefined;
  if (stream?.enabled && stream.viewType) {
    const { partition, sort } = definition.key;
    settings = {
      viewType: stream.viewType,
      keyNames: sort ? [partition.name, sort.name] : [partition.name],
      regionJson: JSON.stringify(region),
      newImages: stream.viewType === 'NEW_IMAGE' || stream.viewType === 'NEW_AND_OLD_IMAGES',
      oldImages: stream.viewType === 'OLD_IMAGE' || stream.viewType === 'NEW_AND_OLD_IMAGES',
    };
  }
  settingsCache.set(definition, { region, settings });
  return settings;
}

/**
 * The record as stored: only what differs between records. `<event><by>` then the `dynamodb` member
 * without SequenceNumber and StreamViewType, e.g. `I-{"ApproximateCreationDateTime":1773480413,
 * "Keys":{…},"NewImage":{…},"SizeBytes":12}` (event I/M/R; `S` for a service delete, else `-`).
 * eventID, eventVersion, eventSource, awsRegion, SequenceNumber and StreamViewType are added when the
 * record is read (expandRecord): storing them would make each record ~190 bytes longer, and the bytes
 * a record adds to the write-ahead log are most of what a stream costs a write.
 * SizeBytes is the DynamoDB size of Keys plus the images the record carries (a record of key
 * `id = "test"` with its NewImage is 12 bytes, as AWS reports; the exact formula is unconfirmed).
 */
export function buildStoredRecord(settings: RecordSettings, change: ItemChange): string {
  const { oldImage, newImage } = change;
  const event = oldImage === undefined ? 'I' : newImage === undefined ? 'R' : 'M';
  let keys = '{';
  let size = 0;
  const names = settings.keyNames;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const value = change.keys[name]!;
    keys += `${i === 0 ? '' : ','}${JSON.stringify(name)}:${JSON.stringify(value)}`;
    size += attributeSize(name, value);
  }
  keys += '}';
  let images = '';
  if (settings.newImages && newImage !== undefined) {
    images += `,"NewImage":${newImage.json}`;
    size += newImage.size;
  }
  if (settings.oldImages && oldImage !== undefined) {
    images += `,"OldImage":${oldImage.json}`;
    size += oldImage.size;
  }
  return (
    `${event}${change.byService ? 'S' : '-'}{"ApproximateCreationDateTime":${Math.floor(change.now / 1000)},` +
    `"Keys":${keys}${images},"SizeBytes":${Math.max(1, size)}}`
  );
}

/** What a reader adds to a stored record: the parts that are the same for every record of a stream. */
export interface RecordView {
  /** `awsRegion`, JSON-quoted: the region the record is read in, as AWS defines it. */
  readonly regionJson: string;
  readonly viewType: StreamViewType;
  readonly eventId: string;
}

const EVENT_NAMES: Record<string, string> = { I: 'INSERT', M: 'MODIFY', R: 'REMOVE' };

/**
 * The record as GetRecords shows it, from its stored form (buildStoredRecord), with SequenceNumber
 * when given. Member order is AWS's: eventID, eventName, eventVersion, eventSource, awsRegion, dynamodb
 * {ApproximateCreationDateTime, Keys, NewImage, OldImage, SequenceNumber, SizeBytes, StreamViewType},
 * userIdentity (service deletes only).
 */
export function expandRecord(stored: string, sequence: bigint | undefined, view: RecordView): string {
  const body = stored.slice(2);
  // Our own SizeBytes is the last member: images (which may hold such a name) come before it.
  const at = body.lastIndexOf(',"SizeBytes":');
  const seq = sequence === undefined ? '' : `,"SequenceNumber":"${formatSequence(sequence)}"`;
  const dynamodb = `${body.slice(0, at)}${seq}${body.slice(at, -1)},"StreamViewType":"${view.viewType}"}`;
  const identity = stored[1] === 'S' ? ',"userIdentity":{"PrincipalId":"dynamodb.amazonaws.com","Type":"Service"}' : '';
  return (
    `{"eventID":"${view.eventId}","eventName":"${EVENT_NAMES[stored[0]!]}","eventVersion":"1.1","eventSource":"aws:dynamodb",` +
    `"awsRegion":${view.regionJson},"dynamodb":${dynamodb}${identity}}`
  );
}

/**
 * A stored record of shard `shardId` as a reader sees it. Its eventID is derived from the shard and
 * the sequence number: unique per record, and the same on every read.
 */
export function recordForReader(stored: string, sequence: bigint, shardId: string, regionJson: string, viewType: StreamViewType): string {
  const eventId = shardId.slice(-8).toLowerCase().padStart(8, '0') + sequence.toString(16).padStart(24, '0').slice(-24);
  return expandRecord(stored, sequence, { regionJson, viewType, eventId });
}

/** The whole record without a sequence number, with a random eventID (for previews and tests). */
export function buildStreamRecord(settings: RecordSettings, change: ItemChange): string {
  return expandRecord(buildStoredRecord(settings, change), undefined, {
    regionJson: settings.regionJson,
    viewType: settings.viewType,
    eventId: eventId(),
  });
}

/** The record to attach to an item mutation (`hash`: the item's partition hash, which picks the shard). */
export function pendingRecord(settings: RecordSettings, hash: number, change: ItemChange): PendingStreamRecord {
  return { hash, json: buildStoredRecord(settings, change) };
}

/** Sequence numbers go out as 21–40 digits (the model's bounds); leading zeros keep the value. */
export function formatSequence(sequence: bigint): string {
  const text = sequence.toString();
  return text.length >= 21 ? text : text.padStart(21, '0');
}

/** 32 lowercase hex digits, as real eventIDs look. */
function eventId(): string {
  const u = randomUUID();
  return u.slice(0, 8) + u.slice(9, 13) + u.slice(14, 18) + u.slice(19, 23) + u.slice(24);
}
