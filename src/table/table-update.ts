import { tableErrors } from './errors.js';
import { keyAttributesOf } from './indexes/index-key.js';
import { indexDefinitionOf, throughputOf } from './new-table-definition.js';
import { streamLabel } from './stream-label.js';
import type { IndexDefinition, ProvisionedThroughput, TableDefinition } from './table-definition.js';
import { invalid } from './validation/table-rules.js';
import type { AttributeDefinition, OnDemandThroughput, ProvisionedThroughputInput } from './validation/table-shapes.js';
import type { GlobalSecondaryIndexUpdate, UpdateTableInput } from './validation/update-table.js';
import { MAX_GLOBAL_INDEXES } from './validation/create-table.js';
import { settleWarmThroughput } from './warm-throughput.js';

/**
 * UpdateTable's changes to a stored table, decided against its current definition (inside the
 * catalog's transaction). Pure: returns the new definition or throws DynamoDB's error. Changes apply
 * at once — Eddy has no UPDATING phase — except that a new GSI is recorded CREATING: the caller
 * starts its backfill, which makes it ACTIVE.
 */
export function applyTableUpdate(
  current: TableDefinition,
  request: UpdateTableInput,
  now: number,
  kmsKeyArn: (keyId?: string) => string,
): TableDefinition {
  const next: TableDefinition = structuredClone(current);
  settleWarmThroughput(next); // what capacity reached so far stays warm when capacity is lowered
  const extra = (next.extra ??= {});
  const seconds = now / 1000;

  const mode = request.BillingMode ?? current.billingMode;
  if (request.ProvisionedThroughput && mode === 'PAY_PER_REQUEST') {
    throw invalid('Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST');
  }
  if (mode !== current.billingMode) {
    next.billingMode = mode;
    if (mode === 'PAY_PER_REQUEST') {
      next.provisionedThroughput = { ...throughputOf(undefined), NumberOfDecreasesToday: 0 };
      extra.BillingModeSummary = { BillingMode: 'PAY_PER_REQUEST', LastUpdateToPayPerRequestDateTime: seconds };
      for (const index of next.globalIndexes) index.provisionedThroughput = throughputOf(undefined);
    } else {
      const covered = new Set((request.GlobalSecondaryIndexUpdates ?? []).map((update) => update.Update?.IndexName));
      const missing = next.globalIndexes.find((index) => !covered.has(index.name));
      if (missing) throw invalid(`ProvisionedThroughput must be specified for index: ${missing.name}`);
      next.provisionedThroughput = throughputOf(request.ProvisionedThroughput);
      const previous = extra.BillingModeSummary as Record<string, unknown> | undefined;
      extra.BillingModeSummary = { ...previous, BillingMode: 'PROVISIONED' };
    }
  } else if (request.ProvisionedThroughput) {
    next.provisionedThroughput = changedThroughput(current.provisionedThroughput, request.ProvisionedThroughput, seconds, 'table');
  }

  if (request.StreamSpecification) {
    const { StreamEnabled, StreamViewType } = request.StreamSpecification;
    // AWS answers both cases with a ValidationException (observed), not the ResourceInUseException its docs name.
    if (StreamEnabled) {
      if (current.stream?.enabled) throw tableErrors.validation(`Table already has an enabled stream: TableName: ${current.name}`);
      next.stream = { enabled: true, viewType: StreamViewType! };
      next.latestStreamLabel = nextStreamLabel(now, current.latestStreamLabel);
    } else {
      if (!current.stream?.enabled) throw tableErrors.validation(`Table has no stream to disable: TableName: ${current.name}`);
      next.stream = { enabled: false };
    }
  }

  if (request.GlobalSecondaryIndexUpdates) applyIndexUpdates(next, request.GlobalSecondaryIndexUpdates, request.AttributeDefinitions ?? [], seconds);

  if (request.DeletionProtectionEnabled !== undefined) next.deletionProtection = request.DeletionProtectionEnabled;
  if (request.TableClass !== undefined) {
    next.tableClass = request.TableClass;
    extra.TableClassSummary = { TableClass: request.TableClass, LastUpdateDateTime: seconds };
  }
  const sse = request.SSESpecification;
  if (sse) {
    if (sse.Enabled === false) {
      if (!extra.SSEDescription) throw invalid('Table is already encrypted by default');
      delete extra.SSEDescription;
    } else {
      extra.SSEDescription = { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: kmsKeyArn(sse.KMSMasterKeyId) };
    }
  }
  if (request.OnDemandThroughput && Object.keys(request.OnDemandThroughput).length > 0) {
    extra.OnDemandThroughput = onDemandMerged(extra.OnDemandThroughput, request.OnDemandThroughput);
    if (!extra.OnDemandThroughput) delete extra.OnDemandThroughput;
  }
  if (request.WarmThroughput && Object.keys(request.WarmThroughput).length > 0) {
    extra.WarmThroughput = { ...(extra.WarmThroughput as object), ...request.WarmThroughput };
  }
  if (Object.keys(extra).length === 0) delete next.extra;
  settleWarmThroughput(next);
  return next;
}

/**
 * OnDemandThroughput merges member by member, and -1 clears a member (the struct goes once both are
 * cleared), as AWS does (observed, ack-api-quirks dynamodb 2026-10; AWS echoes the -1 for about a second).
 */
function onDemandMerged(current: unknown, requested: OnDemandThroughput): OnDemandThroughput | undefined {
  const merged: Record<string, number> = { ...(current as Record<string, number> | undefined), ...(requested as Record<string, number>) };
  for (const [member, value] of Object.entries(merged)) if (value === -1) delete merged[member];
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/** Labels of one table's streams must differ even when two enables fall in the same millisecond. */
function nextStreamLabel(now: number, previous: string | undefined): string {
  const previousMs = previous === undefined ? -Infinity : Date.parse(`${previous}Z`);
  return streamLabel(Math.max(now, previousMs + 1));
}

function changedThroughput(
  current: ProvisionedThroughput | undefined,
  requested: ProvisionedThroughputInput,
  seconds: number,
  what: 'table' | { index: string },
): ProvisionedThroughput {
  const read = current?.ReadCapacityUnits ?? 0;
  const write = current?.WriteCapacityUnits ?? 0;
  if (requested.ReadCapacityUnits === read && requested.WriteCapacityUnits === write) {
    const subject = what === 'table' ? 'table' : `index ${what.index}`;
    const holder = what === 'table' ? 'table' : 'index';
    throw tableErrors.validation(
      `The provisioned throughput for the ${subject} will not change. The requested value equals the current value. ` +
        `Current ReadCapacityUnits provisioned for the ${holder}: ${read}. Requested ReadCapacityUnits: ${requested.ReadCapacityUnits}. ` +
        `Current WriteCapacityUnits provisioned for the ${holder}: ${write}. Requested WriteCapacityUnits: ${requested.WriteCapacityUnits}. ` +
        'Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.',
    );
  }
  const next: ProvisionedThroughput = {
    ...current,
    ReadCapacityUnits: requested.ReadCapacityUnits,
    WriteCapacityUnits: requested.WriteCapacityUnits,
    NumberOfDecreasesToday: current?.NumberOfDecreasesToday ?? 0,
  };
  if (requested.ReadCapacityUnits > read || requested.WriteCapacityUnits > write) next.LastIncreaseDateTime = seconds;
  if (requested.ReadCapacityUnits < read || requested.WriteCapacityUnits < write) {
    next.LastDecreaseDateTime = seconds;
    next.NumberOfDecreasesToday = (next.NumberOfDecreasesToday ?? 0) + 1;
  }
  return next;
}

function applyIndexUpdates(
  table: TableDefinition,
  updates: readonly GlobalSecondaryIndexUpdate[],
  requestDefinitions: readonly AttributeDefinition[],
  seconds: number,
): void {
  const payPerRequest = table.billingMode === 'PAY_PER_REQUEST';
  for (const update of updates) {
    if (update.Create) {
      const create = update.Create;
      const name = create.IndexName;
      if (table.globalIndexes.some((i) => i.name === name) || table.localIndexes.some((i) => i.name === name)) {
        throw tableErrors.validation('Attempting to create an index which already exists');
      }
      if (payPerRequest && create.ProvisionedThroughput) {
        throw invalid(`Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for index: ${name} when BillingMode is PAY_PER_REQUEST`);
      }
      if (!payPerRequest && !create.ProvisionedThroughput) throw invalid(`ProvisionedThroughput must be specified for index: ${name}`);
      if (table.globalIndexes.length >= MAX_GLOBAL_INDEXES) {
        // Unconfirmed wording; AWS raises LimitExceededException for this limit through UpdateTable.
        throw tableErrors.limitExceeded(`GlobalSecondaryIndex count exceeds the per-table limit of ${MAX_GLOBAL_INDEXES}`);
      }
      // CREATING until the backfill of the table's items has run (see index-backfill.ts).
      table.globalIndexes.push({ ...indexDefinitionOf(create, requestDefinitions, 'global', payPerRequest), status: 'CREATING' });
    } else if (update.Update) {
      const index = requireGlobalIndex(table, update.Update.IndexName, 'update');
      const throughput = update.Update.ProvisionedThroughput;
      if (throughput) {
        if (payPerRequest) {
          throw invalid(
            `Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for index: ${index.name} when BillingMode is PAY_PER_REQUEST`,
          );
        }
        index.provisionedThroughput = changedThroughput(index.provisionedThroughput, throughput, seconds, { index: index.name });
      } else if (!update.Update.OnDemandThroughput && !update.Update.WarmThroughput) {
        throw invalid(
          `The only Updates for index: ${index.name} when TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, WarmThroughput`,
        );
      }
      const extra = { ...index.extra };
      if (update.Update.OnDemandThroughput) extra.OnDemandThroughput = update.Update.OnDemandThroughput;
      if (update.Update.WarmThroughput) extra.WarmThroughput = update.Update.WarmThroughput;
      if (Object.keys(extra).length > 0) index.extra = extra;
    } else if (update.Delete) {
      const index = requireGlobalIndex(table, update.Delete.IndexName, 'delete');
      table.globalIndexes = table.globalIndexes.filter((other) => other !== index);
    }
  }
  table.attributeDefinitions = usedDefinitions(table, requestDefinitions);
}

function requireGlobalIndex(table: TableDefinition, name: string, action: 'update' | 'delete'): IndexDefinition {
  const index = table.globalIndexes.find((candidate) => candidate.name === name);
  if (!index) throw tableErrors.validation(`Cannot ${action} an index that is not a GlobalSecondaryIndex: ${name}`);
  return index;
}

/** AttributeDefinitions after an index change: exactly the key attributes of the table and its indexes. */
function usedDefinitions(table: TableDefinition, requestDefinitions: readonly AttributeDefinition[]) {
  const known = new Map(table.attributeDefinitions.map((d) => [d.AttributeName, d.AttributeType]));
  for (const d of requestDefinitions) if (!known.has(d.AttributeName)) known.set(d.AttributeName, d.AttributeType);
  const used: string[] = [];
  for (const key of [table.key, ...table.localIndexes.map((i) => i.key), ...table.globalIndexes.map((i) => i.key)]) {
    for (const attribute of keyAttributesOf(key)) {
      if (!used.includes(attribute.name)) used.push(attribute.name);
    }
  }
  return used.map((name) => ({ AttributeName: name, AttributeType: known.get(name)! }));
}
