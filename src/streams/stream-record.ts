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
 * The record's JSON text, without `SequenceNumber` (the engine assigns it; see withSequenceNumber).
 * Member order is AWS's: eventID, eventName, eventVersion, eventSource, awsRegion, dynamodb
 * {ApproximateCreationDateTime, Keys, NewImage, OldImage, SequenceNumber, SizeBytes, StreamViewType}.
 * SizeBytes is the DynamoDB size of Keys plus the images the record carries (a record of key
 * `id = "test"` with its NewImage is 12 bytes, as AWS reports; the exact formula is unconfirmed).
 */
export function buildStreamRecord(settings: RecordSettings, change: ItemChange): string {
  const { oldImage, newImage } = change;
  const eventName = oldImage === undefined ? 'INSERT' : newImage === undefined ? 'REMOVE' : 'MODIFY';
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
  const identity = change.byService ? ',"userIdentity":{"PrincipalId":"dynamodb.amazonaws.com","Type":"Service"}' : '';
  return (
    `{"eventID":"${eventId()}","eventName":"${eventName}","eventVersion":"1.1","eventSource":"aws:dynamodb",` +
    `"awsRegion":${settings.regionJson},"dynamodb":{"ApproximateCreationDateTime":${Math.floor(change.now / 1000)},` +
    `"Keys":${keys}${images},"SizeBytes":${Math.max(1, size)},"StreamViewType":"${settings.viewType}"}${identity}}`
  );
}

/** The record to attach to an item mutation (`hash`: the item's partition hash, which picks the shard). */
export function pendingRecord(settings: RecordSettings, hash: number, change: ItemChange): PendingStreamRecord {
  return { hash, json: buildStreamRecord(settings, change) };
}

/** A stored record's text with its sequence number in place (before SizeBytes, as AWS orders them). */
export function withSequenceNumber(json: string, sequence: bigint): string {
  // Our own SizeBytes is the last one in the text: images (which may hold such a name) come before it.
  const at = json.lastIndexOf(',"SizeBytes":');
  return `${json.slice(0, at)},"SequenceNumber":"${formatSequence(sequence)}"${json.slice(at)}`;
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
