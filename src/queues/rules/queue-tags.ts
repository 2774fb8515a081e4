import { setOwn } from '../../shared/set-own.js';
import { sqsErrors } from './sqs-errors.js';

export const MAX_TAGS = 50;
const MAX_KEY_LENGTH = 128;
const MAX_VALUE_LENGTH = 256;

/**
 * Checks the tags of CreateQueue (`tags`) or TagQueue (`Tags`): at most 50, keys of 1–128
 * characters, values of at most 256. Messages are Eddy's (SQS's wording unconfirmed).
 */
export function checkTags(tags: unknown): Record<string, string> {
  if (tags === undefined || tags === null) return {};
  if (typeof tags !== 'object' || Array.isArray(tags)) {
    throw sqsErrors.invalidParameterValue('Tags must be a map of tag keys to tag values.');
  }
  const entries = Object.entries(tags as Record<string, unknown>);
  if (entries.length > MAX_TAGS) throw tooMany();
  const checked: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw sqsErrors.invalidParameterValue(`Tag keys must be between 1 and ${MAX_KEY_LENGTH} characters in length.`);
    }
    if (typeof value !== 'string' || value.length > MAX_VALUE_LENGTH) {
      throw sqsErrors.invalidParameterValue(`Tag values must be between 0 and ${MAX_VALUE_LENGTH} characters in length.`);
    }
    setOwn(checked, key, value);
  }
  return checked;
}

/** A queue's tags after TagQueue: added tags overwrite, and the result may not exceed 50. */
export function mergeTags(current: Record<string, string>, added: Record<string, string>): Record<string, string> {
  const merged = { ...current, ...added };
  if (Object.keys(merged).length > MAX_TAGS) throw tooMany();
  return merged;
}

/** Checks UntagQueue's `TagKeys`. */
export function checkTagKeys(keys: unknown): string[] {
  if (!Array.isArray(keys) || keys.length === 0) throw sqsErrors.missingRequiredParameter('TagKeys');
  for (const key of keys) {
    if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw sqsErrors.invalidParameterValue(`Tag keys must be between 1 and ${MAX_KEY_LENGTH} characters in length.`);
    }
  }
  return keys as string[];
}

const tooMany = () => sqsErrors.invalidParameterValue(`A queue can have at most ${MAX_TAGS} tags.`);
