import { tableErrors } from '../errors.js';
import { checkInput } from './check-input.js';
import { controlTableNameShape } from './common-shapes.js';
import { boolean, enumOf, list, string, structure } from './shape.js';
import { checkGlobalKeySchema } from './global-key-schema.js';
import { checkCapacityBounds, checkProjection, checkSse, checkTableClass, invalid, type TableClass } from './table-rules.js';
import {
  attributeDefinitionsShape,
  indexNameShape,
  onDemandThroughputShape,
  provisionedThroughputShape,
  secondaryIndexShape,
  sseSpecificationShape,
  streamSpecificationShape,
  warmThroughputShape,
  type AttributeDefinition,
  type BillingMode,
  type OnDemandThroughput,
  type ProvisionedThroughputInput,
  type SecondaryIndexInput,
  type SSESpecification,
  type StreamSpecification,
  type WarmThroughput,
} from './table-shapes.js';

export interface UpdateGlobalSecondaryIndexAction {
  IndexName: string;
  ProvisionedThroughput?: ProvisionedThroughputInput;
  OnDemandThroughput?: OnDemandThroughput;
  WarmThroughput?: WarmThroughput;
}

export interface GlobalSecondaryIndexUpdate {
  Update?: UpdateGlobalSecondaryIndexAction;
  Create?: SecondaryIndexInput;
  Delete?: { IndexName: string };
}

export interface UpdateTableInput {
  TableName: string;
  AttributeDefinitions?: AttributeDefinition[];
  BillingMode?: BillingMode;
  ProvisionedThroughput?: ProvisionedThroughputInput;
  GlobalSecondaryIndexUpdates?: GlobalSecondaryIndexUpdate[];
  StreamSpecification?: StreamSpecification;
  SSESpecification?: SSESpecification;
  ReplicaUpdates?: unknown[];
  TableClass?: TableClass;
  DeletionProtectionEnabled?: boolean;
  OnDemandThroughput?: OnDemandThroughput;
  WarmThroughput?: WarmThroughput;
  MultiRegionConsistency?: string;
}

export const updateTableShape = structure('UpdateTableInput', {
  TableName: controlTableNameShape(),
  AttributeDefinitions: attributeDefinitionsShape(),
  ProvisionedThroughput: provisionedThroughputShape(),
  BillingMode: enumOf(['PROVISIONED', 'PAY_PER_REQUEST']),
  GlobalSecondaryIndexUpdates: list(
    structure('GlobalSecondaryIndexUpdate', {
      Update: structure('UpdateGlobalSecondaryIndexAction', {
        IndexName: indexNameShape(),
        ProvisionedThroughput: provisionedThroughputShape(),
        OnDemandThroughput: onDemandThroughputShape(),
        WarmThroughput: warmThroughputShape(),
      }),
      Create: secondaryIndexShape('CreateGlobalSecondaryIndexAction'),
      Delete: structure('DeleteGlobalSecondaryIndexAction', { IndexName: indexNameShape() }),
    }),
  ),
  StreamSpecification: streamSpecificationShape(),
  SSESpecification: sseSpecificationShape(),
  ReplicaUpdates: list(structure('ReplicationGroupUpdate', {})),
  TableClass: string(),
  DeletionProtectionEnabled: boolean(),
  OnDemandThroughput: onDemandThroughputShape(),
  WarmThroughput: warmThroughputShape(),
  MultiRegionConsistency: enumOf(['EVENTUAL', 'STRONG']),
});

const REQUIRED_ONE_OF = [
  'ProvisionedThroughput',
  'BillingMode',
  'UpdateStreamEnabled',
  'GlobalSecondaryIndexUpdates',
  'SSESpecification',
  'ReplicaUpdates',
  'MultiAccountReplicaReady',
  'ReplicaTransitRoleArn',
  'MultiRegionConsistency',
  'DeletionProtectionEnabled',
  'OnDemandThroughput',
  'WarmThroughput',
  'TableClass',
];

/**
 * Every check DynamoDB makes on an UpdateTable request before it reads the table. UpdateTable is
 * single-concern: DeletionProtection, SSE, TableClass and WarmThroughput must each come alone (AWS
 * names them in that priority: SSE, TableClass, DeletionProtection, WarmThroughput).
 */
export function validateUpdateTable(input: unknown): UpdateTableInput {
  const request = checkInput<UpdateTableInput>(input, updateTableShape);
  const has = {
    throughput: request.ProvisionedThroughput !== undefined,
    billing: request.BillingMode !== undefined,
    stream: request.StreamSpecification !== undefined,
    indexes: request.GlobalSecondaryIndexUpdates !== undefined,
    sse: request.SSESpecification !== undefined,
    replicas: request.ReplicaUpdates !== undefined,
    protection: request.DeletionProtectionEnabled !== undefined,
    onDemand: request.OnDemandThroughput !== undefined,
    warm: request.WarmThroughput !== undefined,
    tableClass: request.TableClass !== undefined,
  };
  const concerns = Object.values(has).filter(Boolean).length;
  if (concerns === 0) {
    // AWS leaves out of the list a member the request already carries (MultiRegionConsistency).
    const names = REQUIRED_ONE_OF.filter((name) => !(name === 'MultiRegionConsistency' && request.MultiRegionConsistency));
    throw tableErrors.validation(`At least one of ${names.slice(0, -1).join(', ')} or ${names.at(-1)} is required`);
  }
  if (concerns > 1) {
    if (has.sse) throw invalid('Server-Side Encryption modification must be the only operation in the request');
    if (has.tableClass) throw invalid('TableClass modification must be the only operation in the request');
    if (has.protection) throw invalid('DeletionProtection modification must be the only operation in the request');
    if (has.warm) throw invalid('WarmThroughput must be the only operation in the request');
    if (has.onDemand && concerns - (has.billing ? 1 : 0) > 1) {
      throw invalid('OnDemandThroughput can only be combined with BillingMode in an UpdateTable request');
    }
  }

  checkThroughput(request);

  const stream = request.StreamSpecification;
  if (stream) {
    if (has.throughput || request.BillingMode === 'PROVISIONED') {
      throw invalid('You cannot modify stream status while updating table IOPS');
    }
    if (stream.StreamEnabled && !stream.StreamViewType) {
      throw invalid('If stream is being enabled then UpdateViewType is required');
    }
    if (!stream.StreamEnabled && stream.StreamViewType) {
      throw invalid('If stream is being disabled, then UpdateViewType must not be specified');
    }
  }

  if (request.GlobalSecondaryIndexUpdates) checkIndexUpdates(request, request.GlobalSecondaryIndexUpdates);

  checkSse(request.SSESpecification);
  checkTableClass(request.TableClass);
  return request;
}

function checkThroughput(request: UpdateTableInput): void {
  if (request.BillingMode === 'PAY_PER_REQUEST' && request.ProvisionedThroughput) {
    throw invalid('Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST');
  }
  if (request.BillingMode === 'PROVISIONED' && !request.ProvisionedThroughput) {
    throw invalid('ProvisionedThroughput must be specified when BillingMode is PROVISIONED');
  }
  checkCapacityBounds(request.ProvisionedThroughput);
}

function checkIndexUpdates(request: UpdateTableInput, updates: GlobalSecondaryIndexUpdate[]): void {
  if (updates.length === 0) throw invalid('List of GlobalSecondaryIndexUpdates is empty');
  const names = new Set<string>();
  let createsOrDeletes = false;
  for (const update of updates) {
    const actions = [update.Update, update.Create, update.Delete].filter((action) => action !== undefined);
    if (actions.length === 0) {
      throw invalid(
        'One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null',
      );
    }
    if (actions.length > 1) throw invalid('Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object');
    const name = actions[0]!.IndexName;
    if (names.has(name)) {
      throw invalid(`Only one global secondary index update per index is allowed simultaneously. Index: ${name}`);
    }
    names.add(name);
    if (update.Create || update.Delete) createsOrDeletes = true;
    if (update.Create) {
      checkProjection(update.Create.Projection);
      checkCapacityBounds(update.Create.ProvisionedThroughput);
      const defined = (request.AttributeDefinitions ?? []).map((definition) => definition.AttributeName);
      if (!request.AttributeDefinitions) throw invalid(`AttributeDefinitions is not specified for index: ${name}`);
      checkGlobalKeySchema(update.Create.KeySchema, defined);
    }
    if (update.Update) checkCapacityBounds(update.Update.ProvisionedThroughput);
  }
  if (createsOrDeletes && request.ProvisionedThroughput) {
    throw invalid('You cannot create or delete index while updating table IOPS');
  }
  if (createsOrDeletes && request.StreamSpecification) {
    throw invalid('You cannot create or delete index while changing stream status');
  }
}
