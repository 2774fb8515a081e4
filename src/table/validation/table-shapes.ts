import type { ScalarAttributeType } from '../values/attribute-value.js';
import { NAME_PATTERN } from './common-shapes.js';
import { boolean, enumOf, list, long, string, structure, type Presence } from './shape.js';

/** Shapes and wire types of the table control plane (CreateTable, UpdateTable …), members in AWS's reporting order. */

export type KeyType = 'HASH' | 'RANGE';
export type ProjectionType = 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
export type BillingMode = 'PROVISIONED' | 'PAY_PER_REQUEST';
export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

export interface KeySchemaElement {
  AttributeName: string;
  KeyType: KeyType;
}

export interface AttributeDefinition {
  AttributeName: string;
  AttributeType: ScalarAttributeType;
}

export interface ProvisionedThroughputInput {
  ReadCapacityUnits: number;
  WriteCapacityUnits: number;
}

export interface ProjectionInput {
  ProjectionType?: ProjectionType;
  NonKeyAttributes?: string[];
}

export interface OnDemandThroughput {
  MaxReadRequestUnits?: number;
  MaxWriteRequestUnits?: number;
}

export interface WarmThroughput {
  ReadUnitsPerSecond?: number;
  WriteUnitsPerSecond?: number;
}

export interface SecondaryIndexInput {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: ProjectionInput;
  ProvisionedThroughput?: ProvisionedThroughputInput;
  OnDemandThroughput?: OnDemandThroughput;
  WarmThroughput?: WarmThroughput;
}

export interface StreamSpecification {
  StreamEnabled: boolean;
  StreamViewType?: StreamViewType;
}

export interface SSESpecification {
  Enabled?: boolean;
  SSEType?: 'AES256' | 'KMS';
  KMSMasterKeyId?: string;
}

export interface Tag {
  /** Checked semantically ("The Tag Key provided is invalid, Key: …"), not as constraints. */
  Key?: string;
  Value?: string;
}

/**
 * Key attribute names, in key schemas and attribute definitions, are 1 to 255 characters (botocore's
 * KeySchemaAttributeName; other attribute names may reach 64 KB). Projected names (NonKeyAttributeName)
 * have the same bounds.
 */
const keyAttributeNameShape = () => string({ notNull: true, minLength: 1, maxLength: 255 });

/** A table's or LSI's key schema holds at most 2 elements; a GSI's up to 8 (see global-key-schema.ts). */
export const keySchemaShape = (presence: Presence = { notNull: true }, maxLength = 2) =>
  list(
    structure('KeySchemaElement', {
      AttributeName: keyAttributeNameShape(),
      KeyType: enumOf(['HASH', 'RANGE'], { notNull: true }),
    }),
    { ...presence, minLength: 1, maxLength },
  );

export const attributeDefinitionsShape = (presence: Presence = {}) =>
  list(
    structure('AttributeDefinition', {
      AttributeName: keyAttributeNameShape(),
      AttributeType: enumOf(['B', 'N', 'S'], { notNull: true }),
    }),
    presence,
  );

/** DynamoDB reports WriteCapacityUnits before ReadCapacityUnits. */
export const provisionedThroughputShape = (presence: Presence = {}) =>
  structure(
    'ProvisionedThroughput',
    {
      WriteCapacityUnits: long({ notNull: true, min: 1 }),
      ReadCapacityUnits: long({ notNull: true, min: 1 }),
    },
    presence,
  );

export const projectionShape = () =>
  structure(
    'Projection',
    {
      ProjectionType: enumOf(['ALL', 'INCLUDE', 'KEYS_ONLY']),
      NonKeyAttributes: list(string({ minLength: 1, maxLength: 255 }), { minLength: 1, maxLength: 20 }),
    },
    { notNull: true },
  );

export const onDemandThroughputShape = () =>
  structure('OnDemandThroughput', { MaxReadRequestUnits: long(), MaxWriteRequestUnits: long() });

export const warmThroughputShape = () =>
  structure('WarmThroughput', { ReadUnitsPerSecond: long(), WriteUnitsPerSecond: long() });

export const indexNameShape = () => string({ notNull: true, pattern: NAME_PATTERN, minLength: 3, maxLength: 255 });

export const secondaryIndexShape = (name: 'LocalSecondaryIndex' | 'GlobalSecondaryIndex' | 'CreateGlobalSecondaryIndexAction') =>
  structure(name, {
    IndexName: indexNameShape(),
    KeySchema: keySchemaShape({ notNull: true }, name === 'LocalSecondaryIndex' ? 2 : 8),
    Projection: projectionShape(),
    ...(name === 'LocalSecondaryIndex'
      ? {}
      : {
          ProvisionedThroughput: provisionedThroughputShape(),
          OnDemandThroughput: onDemandThroughputShape(),
          WarmThroughput: warmThroughputShape(),
        }),
  });

export const streamSpecificationShape = () =>
  structure('StreamSpecification', {
    StreamEnabled: boolean({ notNull: true }),
    StreamViewType: enumOf(['OLD_IMAGE', 'KEYS_ONLY', 'NEW_AND_OLD_IMAGES', 'NEW_IMAGE']),
  });

export const sseSpecificationShape = () =>
  structure('SSESpecification', {
    Enabled: boolean(),
    SSEType: enumOf(['AES256', 'KMS']),
    KMSMasterKeyId: string(),
  });

export const tagsShape = (presence: Presence = {}) =>
  list(structure('Tag', { Key: string(), Value: string() }), presence);
