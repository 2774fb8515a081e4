/**
 * The export file (docs/export.md): JSON Lines, a header then one line per resource definition and one per
 * item or message, each after the definition it belongs to, so either side streams it.
 */

/** The format version this Eddy writes, and the newest it reads. */
export const EXPORT_VERSION = 1;

export interface ExportHeader {
  readonly eddy: 'export';
  readonly version: number;
  /** ISO 8601. */
  readonly exportedAt: string;
  readonly region: string;
  readonly account: string;
}

/** What a line after the header holds; `type` says which, the other members are that type's. */
export type ExportLine =
  | { type: 'table'; name: string; create: Record<string, unknown>; timeToLive?: { AttributeName: string; Enabled: boolean }; streamPolicy?: { ResourceArn: string; Policy: string } }
  | { type: 'item'; table: string; item: Record<string, unknown> }
  | { type: 'streamRecord'; table: string; shard: string; sequence: string; record: string }
  | { type: 'queue'; name: string; create: { QueueName: string; Attributes: Record<string, string>; tags?: Record<string, string> } }
  | { type: 'message'; queue: string; messageId: string; body: string; attributes?: Record<string, unknown>; systemAttributes?: Record<string, unknown>; groupId?: string; deduplicationId?: string; delayMs?: number }
  | { type: 'connection'; name: string; create: Record<string, unknown> }
  | { type: 'apiDestination'; name: string; connection: string; create: Record<string, unknown> }
  | { type: 'bus'; name: string; create?: Record<string, unknown>; policy?: string }
  | { type: 'rule'; bus: string; name: string; put: Record<string, unknown>; targets: Record<string, unknown>[] }
  | { type: 'archive'; name: string; create: Record<string, unknown> }
  | { type: 'archivedEvent'; archive: string; eventId: string; eventTime: number; event: string }
  | { type: 'scheduleGroup'; name: string; create?: Record<string, unknown> }
  | { type: 'schedule'; group: string; name: string; create: Record<string, unknown> }
  | { type: 'topic'; name: string; create: Record<string, unknown> }
  | { type: 'subscription'; topic: string; subscribe: Record<string, unknown> }
  | { type: 'function'; name: string; create: Record<string, unknown>; nextVersion?: number }
  | { type: 'version'; function: string; version: string; codeSha256?: string; publish: Record<string, unknown> }
  | { type: 'alias'; function: string; name: string; create: Record<string, unknown> }
  | { type: 'eventInvokeConfig'; function: string; qualifier?: string; put: Record<string, unknown> }
  | { type: 'mapping'; function: string; source: { table?: string; arn?: string }; create: Record<string, unknown>; checkpoints?: { shard: string; sequence?: string; finished?: true }[] }
  | { type: 'pipe'; name: string; source: { table?: string; arn?: string }; create: Record<string, unknown>; checkpoints?: { shard: string; sequence?: string; finished?: true }[] };

/** Every line type, in the order an export writes them. */
export const LINE_TYPES: readonly ExportLine['type'][] = ['table', 'item', 'streamRecord', 'queue', 'message', 'connection', 'apiDestination', 'bus', 'rule', 'archive', 'archivedEvent', 'scheduleGroup', 'schedule', 'topic', 'subscription', 'function', 'version', 'alias', 'eventInvokeConfig', 'mapping', 'pipe'];

/** A file `eddy start --import` refuses: not an export, a newer version, a line that cannot be read. Exit code 2. */
export class ExportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportFileError';
  }
}

export function headerLine(now: number, deployment: { region: string; account: string }): string {
  const header: ExportHeader = { eddy: 'export', version: EXPORT_VERSION, exportedAt: new Date(now).toISOString(), region: deployment.region, account: deployment.account };
  return JSON.stringify(header);
}

/** The header of `file` (its first line), checked: an export of a version this Eddy reads. */
export function checkHeader(file: string, text: string | undefined): ExportHeader {
  let header: unknown;
  try {
    header = text === undefined ? undefined : JSON.parse(text);
  } catch {
    header = undefined;
  }
  const h = header as Partial<ExportHeader> | undefined;
  if (typeof h !== 'object' || h === null || h.eddy !== 'export' || typeof h.version !== 'number') {
    throw new ExportFileError(`${file} is not an Eddy export (its first line must be {"eddy":"export","version":…})`);
  }
  if (h.version > EXPORT_VERSION || !Number.isInteger(h.version) || h.version < 1) {
    throw new ExportFileError(`${file} is an export of version ${h.version}; this Eddy reads version ${EXPORT_VERSION} and older`);
  }
  return h as ExportHeader;
}

/** One line after the header, parsed; `at` is its line number, for the message. */
export function parseLine(file: string, text: string, at: number): ExportLine {
  let line: unknown;
  try {
    line = JSON.parse(text);
  } catch {
    throw new ExportFileError(`${file}:${at}: not a JSON line`);
  }
  const type = (line as { type?: unknown } | null)?.type;
  if (typeof line !== 'object' || line === null || !(LINE_TYPES as readonly unknown[]).includes(type)) {
    throw new ExportFileError(`${file}:${at}: not an export line (its "type" must be one of ${LINE_TYPES.join(', ')})`);
  }
  return line as ExportLine;
}

/** The type of an export line without parsing it (every line after the header starts `{"type":"…"`). */
export const lineType = (line: string): string | undefined => /^\{"type":"(\w+)"/.exec(line)?.[1];
