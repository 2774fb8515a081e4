// AWS::DynamoDB::Table and AWS::DynamoDB::GlobalTable → `tables` (SAM's SimpleTable arrives as a Table).
// Capacity, billing, encryption, replicas and tags change nothing locally and are not kept.
import type { KeyAttributeConfig, KeyType, ProjectionConfig, StreamViewType, TableConfig } from '../../config/config-types.js';
import type { TemplateResource } from '../cloudformation/index.js';
import type { MappingContext } from './mapping-context.js';
import { booleanProperty, listProperty, objectProperty, type ResourceMapper } from './resource-mapper.js';

const VIEW_TYPES: readonly StreamViewType[] = ['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES'];

export const mapTable: ResourceMapper = (resource, ctx) => {
  const types = attributeTypes(resource, ctx);
  const keys = keySchema(resource, ctx, resource.properties['KeySchema'], ['KeySchema'], types);
  const table: TableConfig = { partitionKey: keys.partitionKey, ...(keys.sortKey && { sortKey: keys.sortKey }) };
  const globals = listProperty(resource, ctx, 'GlobalSecondaryIndexes') ?? [];
  globals.forEach((raw, i) => {
    const index = indexOf(resource, ctx, raw, ['GlobalSecondaryIndexes', i], types);
    table.globalIndexes = { ...table.globalIndexes, [index.name]: { partitionKey: index.keys.partitionKey, ...(index.keys.sortKey && { sortKey: index.keys.sortKey }), projection: index.projection } };
  });
  const locals = listProperty(resource, ctx, 'LocalSecondaryIndexes') ?? [];
  locals.forEach((raw, i) => {
    const index = indexOf(resource, ctx, raw, ['LocalSecondaryIndexes', i], types);
    const sortKey = index.keys.sortKey ?? ctx.fail(resource, ['LocalSecondaryIndexes', i, 'KeySchema'], 'a local secondary index needs a RANGE key');
    table.localIndexes = { ...table.localIndexes, [index.name]: { partitionKey: index.keys.partitionKey, sortKey, projection: index.projection } };
  });
  const stream = objectProperty(resource, ctx, 'StreamSpecification');
  if (stream) {
    const enabled = booleanProperty(resource, ctx, 'StreamEnabled', stream['StreamEnabled'], ['StreamSpecification', 'StreamEnabled']);
    const view = stream['StreamViewType'];
    if (enabled !== false && view !== undefined) {
      if (!VIEW_TYPES.includes(view as StreamViewType)) ctx.fail(resource, ['StreamSpecification', 'StreamViewType'], `StreamViewType must be one of ${VIEW_TYPES.join(', ')}, got ${JSON.stringify(view)}`);
      table.stream = view as StreamViewType;
    }
  }
  const ttl = objectProperty(resource, ctx, 'TimeToLiveSpecification');
  if (ttl && booleanProperty(resource, ctx, 'Enabled', ttl['Enabled'], ['TimeToLiveSpecification', 'Enabled']) !== false && typeof ttl['AttributeName'] === 'string') {
    table.ttlAttribute = ttl['AttributeName'];
  }
  ctx.config.tables[ctx.nameOf(resource)] = table;
};

function attributeTypes(resource: TemplateResource, ctx: MappingContext): Map<string, KeyType> {
  const types = new Map<string, KeyType>();
  const list = listProperty(resource, ctx, 'AttributeDefinitions') ?? ctx.fail(resource, [], 'AttributeDefinitions is required');
  list.forEach((raw, i) => {
    const definition = objectProperty(resource, ctx, '', raw, ['AttributeDefinitions', i])!;
    const name = definition['AttributeName'];
    const type = definition['AttributeType'];
    if (typeof name !== 'string') ctx.fail(resource, ['AttributeDefinitions', i, 'AttributeName'], 'AttributeName must be a string');
    if (type !== 'S' && type !== 'N' && type !== 'B') ctx.fail(resource, ['AttributeDefinitions', i, 'AttributeType'], `AttributeType must be S, N or B, got ${JSON.stringify(type)}`);
    types.set(name, type);
  });
  return types;
}

function keySchema(resource: TemplateResource, ctx: MappingContext, raw: unknown, path: (string | number)[], types: Map<string, KeyType>): { partitionKey: KeyAttributeConfig; sortKey?: KeyAttributeConfig } {
  const list = listProperty(resource, ctx, '', raw, path) ?? ctx.fail(resource, path, `${path.at(-1)} is required`);
  let partitionKey: KeyAttributeConfig | undefined;
  let sortKey: KeyAttributeConfig | undefined;
  list.forEach((entry, i) => {
    const key = objectProperty(resource, ctx, '', entry, [...path, i])!;
    const name = key['AttributeName'];
    if (typeof name !== 'string') return ctx.fail(resource, [...path, i, 'AttributeName'], 'AttributeName must be a string');
    const type = types.get(name) ?? ctx.fail(resource, [...path, i, 'AttributeName'], `${name} is not in AttributeDefinitions`);
    if (key['KeyType'] === 'HASH') partitionKey = { name, type };
    else if (key['KeyType'] === 'RANGE') sortKey = { name, type };
    else ctx.fail(resource, [...path, i, 'KeyType'], `KeyType must be HASH or RANGE, got ${JSON.stringify(key['KeyType'])}`);
  });
  if (!partitionKey) return ctx.fail(resource, path, 'a key schema needs a HASH key');
  return sortKey ? { partitionKey, sortKey } : { partitionKey };
}

function indexOf(resource: TemplateResource, ctx: MappingContext, raw: unknown, path: (string | number)[], types: Map<string, KeyType>) {
  const index = objectProperty(resource, ctx, '', raw, path)!;
  const name = index['IndexName'];
  if (typeof name !== 'string') return ctx.fail(resource, [...path, 'IndexName'], 'IndexName must be a string');
  const keys = keySchema(resource, ctx, index['KeySchema'], [...path, 'KeySchema'], types);
  return { name, keys, projection: projectionOf(resource, ctx, index['Projection'], [...path, 'Projection']) };
}

function projectionOf(resource: TemplateResource, ctx: MappingContext, raw: unknown, path: (string | number)[]): ProjectionConfig {
  const projection = objectProperty(resource, ctx, '', raw, path);
  const type = projection?.['ProjectionType'] ?? 'ALL';
  if (type === 'ALL' || type === 'KEYS_ONLY') return type;
  if (type !== 'INCLUDE') return ctx.fail(resource, [...path, 'ProjectionType'], `ProjectionType must be ALL, KEYS_ONLY or INCLUDE, got ${JSON.stringify(type)}`);
  const include = listProperty(resource, ctx, '', projection?.['NonKeyAttributes'] ?? [], [...path, 'NonKeyAttributes'])!;
  return { include: include.map(String) };
}
