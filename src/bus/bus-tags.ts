import { setOwn } from '../shared/set-own.js';
import { busErrors } from './bus-errors.js';
import type { Tag } from './validation/bus-shapes.js';

/** Tags on the wire are a list of Key/Value pairs; buses and rules keep them as a record, in the order first given. */
export function tagRecord(tags: readonly Tag[] | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const { Key, Value } of tags ?? []) {
    // LocalStack's AWS-parity check; the wording is theirs (unconfirmed).
    if (Object.hasOwn(record, Key)) throw busErrors.validation('Invalid parameter: Duplicated keys are not allowed.');
    setOwn(record, Key, Value);
  }
  return record;
}

/** `current` with `added` put over it (a key already there takes the new value, keeping its place). */
export function withTags(current: Readonly<Record<string, string>>, added: Readonly<Record<string, string>>): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries(current)) setOwn(merged, key, value);
  for (const [key, value] of Object.entries(added)) setOwn(merged, key, value);
  return merged;
}

export function withoutTags(current: Readonly<Record<string, string>>, keys: readonly string[]): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(current)) if (!keys.includes(key)) setOwn(kept, key, value);
  return kept;
}

export const tagList = (tags: Readonly<Record<string, string>>): Tag[] => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
