import { quoteValue } from '../shared/quote-value.js';
import { sqsErrors } from './rules/sqs-errors.js';

/**
 * Reading request members the way SQS checks them: a missing required member is MissingParameter,
 * a member of the wrong type or out of range is InvalidParameterValue naming it.
 */
export function requiredString(input: Record<string, unknown>, name: string): string {
  const value = input[name];
  if (value === undefined || value === null) throw sqsErrors.missingParameter(`The request must contain the parameter ${name}.`);
  if (typeof value !== 'string') throw sqsErrors.invalidParameterValue(`Value for parameter ${name} is invalid. Reason: Must be a string.`);
  return value;
}

export function optionalString(input: Record<string, unknown>, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw sqsErrors.invalidParameterValue(`Value for parameter ${name} is invalid. Reason: Must be a string.`);
  return value;
}

/** An optional integer in [min, max]; `reason` is SQS's wording for the range. */
export function optionalInteger(input: Record<string, unknown>, name: string, min: number, max: number, reason?: string): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw sqsErrors.invalidParameterValue(
      `Value ${quoteValue(value)} for parameter ${name} is invalid. Reason: ${reason ?? `Must be between ${min} and ${max}, if provided.`}`,
    );
  }
  return value;
}

export function optionalStringList(input: Record<string, unknown>, name: string): string[] | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw sqsErrors.invalidParameterValue(`Value for parameter ${name} is invalid. Reason: Must be a list of strings.`);
  }
  return value as string[];
}

export function optionalStringMap(input: Record<string, unknown>, name: string): Record<string, string> | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw sqsErrors.invalidParameterValue(`Value for parameter ${name} is invalid. Reason: Must be a map of strings.`);
  }
  return value as Record<string, string>;
}

/** Pagination token for list operations: the last name of the previous page. */
export const encodeNextToken = (lastName: string): string => Buffer.from(JSON.stringify({ after: lastName })).toString('base64url');

export function decodeNextToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof parsed.after === 'string') return parsed.after;
  } catch {
    // falls through to the error
  }
  throw sqsErrors.invalidParameterValue('Invalid NextToken value.');
}
