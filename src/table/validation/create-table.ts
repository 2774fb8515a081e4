import { tableErrors } from '../errors.js';
import { checkInput } from './check-input.js';
import { controlTableNameShape } from './common-shapes.js';
import { boolean, enumOf, list, string, structure } from './shape.js';
import { checkGlobalKeySchema } from './global-key-schema.js';
import {
  checkCapacityBounds,
  checkCreateStream,
  checkKeySchema,
  checkProjection,
  checkSse,
  checkTableClass,
  invalid,
  type TableClass,
} from './table-rules.js';
import {
  attributeDefinitionsShape,
  keySchemaShape,
  onDemandThroughputShape,
  provisionedThroughputShape,
  secondaryIndexShape,
  sseSpecificationShape,
  streamSpecificationShape,
  tagsShape,
  warmThroughputShape,
  type AttributeDefinition,
  type BillingMode,
  type KeySchemaElement,
  type OnDemandThroughput,
  type ProvisionedThroughputInput,
  type SecondaryIndexInput,
  type SSESpecification,
  type StreamSpecification,
  type Tag,
  type WarmThroughput,
} from './table-shapes.js';
import { checkTags, type StoredTag } from './tag-rules.js';
import { checkPolicyDocument } from './policy-document.js';

export interface CreateTableInput {
  TableName: string;
  AttributeDefinitions: AttributeDefinition[];
  KeySchema: KeySchemaElement[];
  LocalSecondaryIndexes?: SecondaryIndexInput[];
  GlobalSecondaryIndexes?: SecondaryIndexInput[];
  BillingMode?: BillingMode;
  ProvisionedThroughput?: ProvisionedThroughputInput;
  StreamSpecification?: StreamSpecification;
  SSESpecification?: SSESpecification;
  Tags?: Tag[];
  TableClass?: TableClass;
  DeletionProtectionEnabled?: boolean;
  OnDemandThroughput?: OnDemandThroughput;
  WarmThroughput?: WarmThroughput;
  ResourcePolicy?: string;
}

/** CreateTable after validation: tags checked and normalised. */
export interface ValidCreateTable extends CreateTableInput {
  tags: StoredTag[];
}

export const MAX_LOCAL_INDEXES = 5;
export const MAX_GLOBAL_INDEXES = 20;

export const createTableShape = structure('CreateTableInput', {
  AttributeDefinitions: attributeDefinitionsShape({ notNull: true }),
  TableName: controlTableNameShape({ arn: false }),
  BillingMode: enumOf(['PROVISIONED', 'PAY_PER_REQUEST']),
  ProvisionedThroughput: provisionedThroughputShape(),
  KeySchema: keySchemaShape(),
  LocalSecondaryIndexes: list(secondaryIndexShape('LocalSecondaryIndex')),
  GlobalSecondaryIndexes: list(secondaryIndexShape('GlobalSecondaryIndex')),
  StreamSpecification: streamSpecificationShape(),
  SSESpecification: sseSpecificationShape(),
  Tags: tagsShape(),
  TableClass: string(),
  DeletionProtectionEnabled: boolean(),
  OnDemandThroughput: onDemandThroughputShape(),
  WarmThroughput: warmThroughputShape(),
  ResourcePolicy: string(),
});

/** Every check DynamoDB makes on a CreateTable request before it looks at existing tables. */
export function validateCreateTable(input: unknown): ValidCreateTable {
  const request = checkInput<CreateTableInput>(input, createTableShape);

  checkBilling(request);

  const defined = request.AttributeDefinitions.map((definition) => definition.AttributeName);
  const duplicate = defined.find((name, i) => defined.indexOf(name) !== i);
  if (duplicate !== undefined) throw tableErrors.validation(`Attribute Name is duplicated: ${duplicate}`);

  const keys = request.KeySchema;
  if (keys.length > defined.length) {
    throw tableErrors.validation('Invalid KeySchema: Some index key attribute have no definition');
  }
  checkKeySchema(keys, defined);

  const locals = request.LocalSecondaryIndexes;
  const globals = request.GlobalSecondaryIndexes;
  if (!locals && !globals && keys.length !== defined.length) {
    throw invalid('Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions');
  }

  const indexNames = new Set<string>();
  if (locals) checkLocalIndexes(request, locals, defined, indexNames);
  if (globals) checkGlobalIndexes(request, globals, defined, indexNames);

  if (locals || globals) {
    const used = new Set(keys.map((key) => key.AttributeName));
    for (const index of [...(locals ?? []), ...(globals ?? [])]) {
      for (const key of index.KeySchema) used.add(key.AttributeName);
    }
    if (defined.some((name) => !used.has(name))) {
      throw invalid(`Some AttributeDefinitions are not used. AttributeDefinitions: [${defined.join(', ')}], keys used: [${[...used].join(', ')}]`);
    }
  }

  checkCreateStream(request.StreamSpecification);
  checkSse(request.SSESpecification);
  checkTableClass(request.TableClass);
  const tags = checkTags(request.Tags ?? []);
  if (request.ResourcePolicy !== undefined) checkPolicyDocument(request.ResourcePolicy);
  return { ...request, tags };
}

function checkBilling(request: CreateTableInput): void {
  if (request.BillingMode === 'PAY_PER_REQUEST') {
    if (request.ProvisionedThroughput) {
      throw invalid('Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST');
    }
    return;
  }
  if (!request.ProvisionedThroughput) {
    throw invalid('ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED');
  }
  checkCapacityBounds(request.ProvisionedThroughput);
}

function checkLocalIndexes(request: CreateTableInput, locals: SecondaryIndexInput[], defined: string[], names: Set<string>): void {
  if (locals.length === 0) throw invalid('List of LocalSecondaryIndexes is empty');
  if (request.KeySchema.length !== 2) {
    throw invalid('Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex');
  }
  const tableHash = request.KeySchema[0]!.AttributeName;
  for (const index of locals) {
    checkKeySchema(index.KeySchema, defined);
    if (index.KeySchema.length !== 2) {
      throw invalid(`Index KeySchema does not have a range key for index: ${index.IndexName}`);
    }
    const indexHash = index.KeySchema[0]!.AttributeName;
    if (indexHash !== tableHash) {
      throw invalid(
        `Index KeySchema does not have the same leading hash key as table KeySchema for index: ${index.IndexName}. index hash key: ${indexHash}, table hash key: ${tableHash}`,
      );
    }
    checkProjection(index.Projection);
    if (names.has(index.IndexName)) throw invalid(`Duplicate index name: ${index.IndexName}`);
    names.add(index.IndexName);
  }
  if (locals.length > MAX_LOCAL_INDEXES) {
    throw invalid(`Number of LocalSecondaryIndexes exceeds per-table limit of ${MAX_LOCAL_INDEXES}`);
  }
}

function checkGlobalIndexes(request: CreateTableInput, globals: SecondaryIndexInput[], defined: string[], names: Set<string>): void {
  if (globals.length === 0) throw invalid('List of GlobalSecondaryIndexes is empty');
  const payPerRequest = request.BillingMode === 'PAY_PER_REQUEST';
  for (const index of globals) {
    checkGlobalKeySchema(index.KeySchema, defined);
    checkProjection(index.Projection);
    if (payPerRequest && index.ProvisionedThroughput) {
      throw invalid(`ProvisionedThroughput should not be specified for index: ${index.IndexName} when BillingMode is PAY_PER_REQUEST`);
    }
    if (!payPerRequest && !index.ProvisionedThroughput) {
      throw invalid(`ProvisionedThroughput is not specified for index: ${index.IndexName}`);
    }
    checkCapacityBounds(index.ProvisionedThroughput);
    if (names.has(index.IndexName)) throw invalid(`Duplicate index name: ${index.IndexName}`);
    names.add(index.IndexName);
  }
  if (globals.length > MAX_GLOBAL_INDEXES) {
    throw invalid(`GlobalSecondaryIndex count exceeds the per-table limit of ${MAX_GLOBAL_INDEXES}`);
  }
}
