import { ServiceError } from '../../shared/service-error.js';
import { tableErrors } from '../errors.js';
import { conditionFromFilter, type Condition, type LegacyCondition } from '../expressions/index.js';
import type { AttributeMap } from '../values/attribute-value.js';
import { normalizeValue, setOwn } from '../values/normalize-value.js';
import { normalizeItem } from '../values/validate-item.js';
import { NAME_PATTERN, type ConditionalOperator } from './common-shapes.js';
import { attributeValue, enumOf, list, map, string, structure } from './shape.js';

/** What Query and Scan share before the table is looked up: Select, legacy conditions, the start key. */

export type Select = 'SPECIFIC_ATTRIBUTES' | 'COUNT' | 'ALL_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES';

/** Enum order as DynamoDB quotes it (confirmed against AWS by moto's aws_verified suite). */
export const selectShape = () => enumOf(['SPECIFIC_ATTRIBUTES', 'COUNT', 'ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES']);

export const indexNameShape = () => string({ pattern: NAME_PATTERN, minLength: 3, maxLength: 255 });

/** A legacy KeyConditions / QueryFilter / ScanFilter map. */
export const legacyConditionsShape = () =>
  map(
    structure('Condition', {
      AttributeValueList: list(attributeValue()),
      ComparisonOperator: enumOf(
        ['IN', 'NULL', 'BETWEEN', 'LT', 'NOT_CONTAINS', 'EQ', 'GT', 'NOT_NULL', 'NE', 'LE', 'BEGINS_WITH', 'GE', 'CONTAINS'],
        { notNull: true },
      ),
    }),
  );

/** The members of a read request the Select rules look at. */
export interface SelectMembers {
  Select?: Select;
  IndexName?: string;
  ProjectionExpression?: string;
  AttributesToGet?: string[];
}

/**
 * Select against the attributes asked for. DynamoDB reports these on Query as a constraint
 * violation ("1 validation error detected: …") and on Scan bare — both spellings observed on AWS
 * (moto's aws_verified test_dynamodb_select.py). A projection given with a Select that is not
 * SPECIFIC_ATTRIBUTES is reported before a missing IndexName (reported by other emulators' AWS
 * probes; unconfirmed here).
 */
export function checkSelect(input: SelectMembers, prefix: string): void {
  const { Select: select } = input;
  if (select === undefined) return;
  const member =
    input.ProjectionExpression !== undefined ? 'ProjectionExpression' : input.AttributesToGet !== undefined ? 'AttributesToGet' : undefined;
  if (select !== 'SPECIFIC_ATTRIBUTES' && member !== undefined) {
    const what = select === 'COUNT' ? 'only the Count' : select;
    throw tableErrors.validation(`${prefix}Cannot specify the ${member} when choosing to get ${what}`);
  }
  if (select === 'ALL_PROJECTED_ATTRIBUTES' && input.IndexName === undefined) {
    throw tableErrors.validation(`${prefix}ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName`);
  }
  if (select === 'SPECIFIC_ATTRIBUTES' && member === undefined) {
    throw tableErrors.validation(`${prefix}Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES`);
  }
}

/** A legacy QueryFilter / ScanFilter as a condition, its values under the data rules. */
export function legacyFilter(
  filter: Record<string, LegacyCondition> | undefined,
  operator: ConditionalOperator | undefined,
): Condition | undefined {
  if (filter === undefined) return undefined;
  return conditionFromFilter(normalizeConditions(filter), operator);
}

/** Legacy conditions with their AttributeValueList values under the data rules. */
export function normalizeConditions(conditions: Record<string, LegacyCondition>): Record<string, LegacyCondition> {
  const normalized: Record<string, LegacyCondition> = {};
  for (const name of Object.keys(conditions)) {
    const entry = conditions[name]!;
    setOwn(normalized, name, {
      ComparisonOperator: entry.ComparisonOperator,
      ...(entry.AttributeValueList !== undefined && { AttributeValueList: entry.AttributeValueList.map((v) => normalizeValue(v)) }),
    });
  }
  return normalized;
}

const INVALID_START_KEY = 'The provided starting key is invalid';

/**
 * ExclusiveStartKey under the data rules; a bad value is DynamoDB's message prefixed with
 * "The provided starting key is invalid: " (dynalite's suite, run against AWS).
 */
export function normalizeStartKey(key: AttributeMap | undefined): AttributeMap | undefined {
  if (key === undefined) return undefined;
  try {
    return normalizeItem(key);
  } catch (error) {
    throw startKeyError(error);
  }
}

/** A ValidationException of the start key's values, re-worded as DynamoDB words it. */
export function startKeyError(error: unknown): unknown {
  if (!(error instanceof ServiceError) || error.code !== 'ValidationException') return error;
  return tableErrors.validation(`${INVALID_START_KEY}: ${error.message}`);
}

export const invalidStartKey = (detail?: string) =>
  tableErrors.validation(detail === undefined ? INVALID_START_KEY : `${INVALID_START_KEY}: ${detail}`);
