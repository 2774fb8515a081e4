import { lambdaErrors } from '../lambda/lambda-errors.js';

/** Filters a mapping may have (Lambda's default quota). */
export const MAX_FILTERS = 5;

/** A model constraint failure, worded as Lambda's validation errors are. */
export const constraint = (field: string, value: unknown, rule: string) =>
  lambdaErrors.validation(`1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: ${rule}`);

/** An optional integer member in [min, max] (`field`: its name in Lambda's validation messages). */
export function integerValue(value: unknown, member: string, field: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw lambdaErrors.invalidParameterValue(`${member} must be an integer`);
  if (value < min) throw constraint(field, value, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw constraint(field, value, `Member must have value less than or equal to ${max}`);
  return value;
}

/** FunctionResponseTypes: [] or ['ReportBatchItemFailures']; absent keeps `current`. */
export function responseTypesFrom(types: unknown, current: readonly string[] | undefined): string[] {
  if (types === undefined || types === null) return [...(current ?? [])];
  if (!Array.isArray(types) || types.length > 1 || types.some((t) => t !== 'ReportBatchItemFailures')) {
    throw constraint('functionResponseTypes', JSON.stringify(types), 'Member must satisfy enum value set: [ReportBatchItemFailures]');
  }
  return [...types] as string[];
}

/**
 * FilterCriteria's patterns (JSON text each), each checked by `validatePattern`; absent keeps `current`,
 * `{}` (no Filters) removes them. Any bad pattern is Lambda's "Invalid filter pattern definition."
 */
export function filtersFrom(criteria: unknown, current: readonly string[] | undefined, validatePattern: (pattern: string) => void): string[] {
  if (criteria === undefined || criteria === null) return [...(current ?? [])];
  const filters = (criteria as { Filters?: unknown }).Filters;
  if (filters === undefined || filters === null) return [];
  if (!Array.isArray(filters)) throw lambdaErrors.invalidParameterValue('Invalid filter pattern definition.');
  if (filters.length > MAX_FILTERS) {
    throw lambdaErrors.invalidParameterValue(`The number of filters (${filters.length}) exceeds the maximum of ${MAX_FILTERS}.`);
  }
  return filters.map((filter: { Pattern?: unknown } | null) => {
    const pattern = filter?.Pattern;
    if (typeof pattern !== 'string' || pattern.length > 4096) throw lambdaErrors.invalidParameterValue('Invalid filter pattern definition.');
    try {
      validatePattern(pattern);
    } catch {
      throw lambdaErrors.invalidParameterValue('Invalid filter pattern definition.');
    }
    return pattern;
  });
}
