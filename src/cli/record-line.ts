/** How `eddy tail` prints one stream record: time, event, table, keys, changed attributes. */

type Attr = Record<string, unknown>;

export interface TailRecord {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  dynamodb: {
    ApproximateCreationDateTime?: number;
    Keys?: Record<string, Attr>;
    NewImage?: Record<string, Attr>;
    OldImage?: Record<string, Attr>;
    SequenceNumber?: string;
  };
  userIdentity?: { PrincipalId?: string; principalId?: string };
}

/** `12:04:05 MODIFY Users {userId: "u1"} ~ name, email` — `+` added, `~` changed, `-` removed attributes. */
export function recordLine(table: string, record: TailRecord, now: Date = new Date()): string {
  const { dynamodb } = record;
  const when = dynamodb.ApproximateCreationDateTime !== undefined ? new Date(dynamodb.ApproximateCreationDateTime * 1000) : now;
  const time = when.toISOString().slice(11, 19);
  const keys = `{${Object.entries(dynamodb.Keys ?? {})
    .map(([name, value]) => `${name}: ${scalar(value)}`)
    .join(', ')}}`;
  const changes = describeChanges(record);
  const ttl = record.userIdentity ? ' (TTL)' : '';
  return `${time} ${record.eventName.padEnd(6)} ${table} ${keys}${ttl}${changes ? ` ${changes}` : ''}`;
}

function describeChanges(record: TailRecord): string {
  const { NewImage, OldImage, Keys = {} } = record.dynamodb;
  const isKey = (name: string) => Object.hasOwn(Keys, name);
  const parts: string[] = [];
  if (NewImage && OldImage) {
    const added = Object.keys(NewImage).filter((n) => !Object.hasOwn(OldImage, n));
    const removed = Object.keys(OldImage).filter((n) => !Object.hasOwn(NewImage, n));
    const changed = Object.keys(NewImage).filter(
      (n) => Object.hasOwn(OldImage, n) && JSON.stringify(NewImage[n]) !== JSON.stringify(OldImage[n]),
    );
    if (added.length) parts.push(`+ ${added.join(', ')}`);
    if (changed.length) parts.push(`~ ${changed.join(', ')}`);
    if (removed.length) parts.push(`- ${removed.join(', ')}`);
  } else if (NewImage) {
    const names = Object.keys(NewImage).filter((n) => !isKey(n));
    if (names.length) parts.push(`${record.eventName === 'INSERT' ? '+' : '='} ${names.join(', ')}`);
  } else if (OldImage && record.eventName === 'REMOVE') {
    const names = Object.keys(OldImage).filter((n) => !isKey(n));
    if (names.length) parts.push(`- ${names.join(', ')}`);
  }
  return parts.join(' ');
}

/** A key value as one would write it: strings quoted, numbers bare, binaries as base64. */
function scalar(value: Attr): string {
  if ('S' in value) return JSON.stringify(value.S);
  if ('N' in value) return String(value.N);
  if ('B' in value) return `b64:${String(value.B)}`;
  return JSON.stringify(value);
}
