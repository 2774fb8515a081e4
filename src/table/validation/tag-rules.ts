import { tableErrors } from '../errors.js';
import type { Tag } from './table-shapes.js';

/**
 * DynamoDB's tag rules (observed against AWS): a key is 1-128 characters, a value 0-256, both from the
 * AWS tag alphabet (letters and digits of any script, white space, and `+ - = . _ : / @`); keys may not
 * start with `aws:`; keys are unique within a request; a table holds at most 50 tags. Validation is
 * all-or-nothing: one bad tag fails the whole request.
 */

export const MAX_TAGS_PER_RESOURCE = 50;

const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export interface StoredTag {
  Key: string;
  Value: string;
}

const show = (text: string | undefined) => (text === undefined ? 'null' : text);

export function checkTagKey(key: string | undefined): string {
  if (key === undefined || key.length < 1 || key.length > 128 || !TAG_TEXT.test(key)) {
    throw tableErrors.validation(`The Tag Key provided is invalid, Key: ${show(key)}`);
  }
  if (key.startsWith('aws:')) throw tableErrors.validation(`Tag Key cannot be prefixed with aws:, Key: ${key}`);
  return key;
}

/** Checks the tags of a TagResource or CreateTable request and returns them with both members set. */
export function checkTags(tags: readonly Tag[]): StoredTag[] {
  const out: StoredTag[] = [];
  const seen = new Set<string>();
  for (const tag of tags) {
    const key = checkTagKey(tag.Key);
    const value = tag.Value;
    if (value === undefined || value.length > 256 || !TAG_TEXT.test(value)) {
      throw tableErrors.validation(`The Tag Value provided is invalid, Value: ${show(value)}`);
    }
    if (seen.has(key)) throw tableErrors.validation(`Duplicate Tag Keys provided as input: Duplicate Tag Key found ${key}`);
    seen.add(key);
    out.push({ Key: key, Value: value });
  }
  if (out.length > MAX_TAGS_PER_RESOURCE) throw tooManyTags();
  return out;
}

export const tooManyTags = () =>
  tableErrors.validation('Number of Tags exceed the current limit for the provided ResourceArn');

/** `current` with `added` applied: same keys get the new value, new keys are appended. */
export function mergeTags(current: readonly StoredTag[], added: readonly StoredTag[]): StoredTag[] {
  const merged = new Map(current.map((tag) => [tag.Key, tag.Value]));
  for (const tag of added) merged.set(tag.Key, tag.Value);
  if (merged.size > MAX_TAGS_PER_RESOURCE) throw tooManyTags();
  return [...merged].map(([Key, Value]) => ({ Key, Value }));
}
