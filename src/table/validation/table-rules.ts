import { tableErrors } from '../errors.js';
import type { KeySchemaElement, ProjectionInput, ProvisionedThroughputInput, SSESpecification, StreamSpecification } from './table-shapes.js';

/**
 * Semantic rules shared by CreateTable and UpdateTable, checked after the generic checker and before
 * the table is looked up. Each throws DynamoDB's ValidationException with DynamoDB's text.
 */

export const INVALID = 'One or more parameter values were invalid: ';

export const invalid = (detail: string) => tableErrors.validation(INVALID + detail);

/** Capacity above this is refused outright (larger values than any account quota). */
const MAX_CAPACITY_UNITS = 1_000_000_000_000;

export function checkCapacityBounds(throughput: ProvisionedThroughputInput | undefined): void {
  if (!throughput) return;
  if (throughput.ReadCapacityUnits > MAX_CAPACITY_UNITS) {
    throw tableErrors.validation(`Given value ${throughput.ReadCapacityUnits} for ReadCapacityUnits is out of bounds`);
  }
  if (throughput.WriteCapacityUnits > MAX_CAPACITY_UNITS) {
    throw tableErrors.validation(`Given value ${throughput.WriteCapacityUnits} for WriteCapacityUnits is out of bounds`);
  }
}

/** A key schema (table or index) against the attribute names defined for it. */
export function checkKeySchema(keySchema: readonly KeySchemaElement[], defined: readonly string[]): void {
  const keys = keySchema.map((element) => element.AttributeName);
  if (keys.some((key) => !defined.includes(key))) {
    throw invalid(
      `Some index key attributes are not defined in AttributeDefinitions. Keys: [${keys.join(', ')}], AttributeDefinitions: [${defined.join(', ')}]`,
    );
  }
  if (keys.length === 2 && keys[0] === keys[1]) {
    throw tableErrors.validation('Both the Hash Key and the Range Key element in the KeySchema have the same name');
  }
  if (keySchema[0]!.KeyType !== 'HASH') {
    throw tableErrors.validation('Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
  }
  if (keySchema[1] && keySchema[1].KeyType !== 'RANGE') {
    throw tableErrors.validation('Invalid KeySchema: The second KeySchemaElement is not a RANGE key type');
  }
}

export function checkProjection(projection: ProjectionInput): void {
  const type = projection.ProjectionType;
  if (type === undefined) throw invalid('Unknown ProjectionType: null');
  if (type !== 'INCLUDE' && projection.NonKeyAttributes) {
    throw invalid(`ProjectionType is ${type}, but NonKeyAttributes is specified`);
  }
  if (type === 'INCLUDE' && !projection.NonKeyAttributes) {
    throw invalid('ProjectionType is INCLUDE, but NonKeyAttributes is not specified');
  }
  const seen = new Set<string>();
  for (const name of projection.NonKeyAttributes ?? []) {
    // Unconfirmed wording; the rule (no duplicate projected attributes) is DynamoDB's.
    if (seen.has(name)) throw invalid(`Duplicate element in NonKeyAttributes: ${name}`);
    seen.add(name);
  }
}

/** CreateTable's StreamSpecification rules (UpdateTable words them differently, see update-table.ts). */
export function checkCreateStream(stream: StreamSpecification | undefined): void {
  if (!stream) return;
  if (stream.StreamEnabled && !stream.StreamViewType) {
    throw invalid('Table is being created with a stream enabled, UpdateViewType is required');
  }
  if (!stream.StreamEnabled && stream.StreamViewType) {
    throw invalid('Table is being created with a stream disabled, UpdateViewType should not be specified');
  }
}

export function checkSse(sse: SSESpecification | undefined): void {
  if (!sse) return;
  if (sse.Enabled === false) {
    if (sse.SSEType !== undefined) throw invalid('SSEType can not be specified if Enabled is false');
    if (sse.KMSMasterKeyId !== undefined) throw invalid('KMSMasterKeyId can not be specified if Enabled is false');
  }
  if (sse.SSEType === 'AES256') throw invalid('SSEType AES256 is not supported');
  if (sse.KMSMasterKeyId !== undefined && sse.SSEType !== 'KMS') {
    throw invalid('SSEType KMS is required if KMSMasterKeyId is specified');
  }
}

export const TABLE_CLASSES = ['STANDARD', 'STANDARD_INFREQUENT_ACCESS'] as const;
export type TableClass = (typeof TABLE_CLASSES)[number];

/** TableClass is checked by the service, not as an enum constraint. */
export function checkTableClass(tableClass: string | undefined): asserts tableClass is TableClass | undefined {
  if (tableClass !== undefined && !(TABLE_CLASSES as readonly string[]).includes(tableClass)) {
    throw tableErrors.validation(
      'Invalid table-class parameter provided. Please try again with a valid table-class value: [STANDARD, STANDARD_INFREQUENT_ACCESS].',
    );
  }
}
