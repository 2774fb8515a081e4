import { dynamodbOperations } from '../api/dynamodb-operations.js';
import { streamArn } from '../shared/arns.js';
import type { ItemKey, ItemMutation } from '../storage/engine.js';
import { indexEntriesOf } from '../table/indexes/index-entries.js';
import { encodeItem } from '../table/item-codec.js';
import { checkIndexKeys, keyOfItem } from '../table/item-key.js';
import type { TableEntry } from '../table/table-catalog.js';
import type { TableContext } from '../table/table-context.js';
import type { IndexDefinition, TableDefinition } from '../table/table-definition.js';
import { keySchemaOf } from '../table/table-description.js';
import { checkPutItem } from '../table/validation/put-item.js';
import type { ExportLine } from './export-format.js';

/** Items read (and written on import) per storage call: a page, never the table. */
const PAGE = 500;
const BATCH = 100;

/** Every table's definition line, each followed by its items' lines, reading storage a page at a time. */
export async function* tableLines(ctx: TableContext): AsyncGenerator<string> {
  for (const table of await ctx.engine.listTables<TableDefinition>()) {
    const definition = table.definition;
    const ttl = definition.ttl?.enabled ? { timeToLive: { AttributeName: definition.ttl.attributeName, Enabled: true } } : {};
    const policy = streamPolicyRequest(ctx, definition);
    yield JSON.stringify({ type: 'table', name: table.name, create: createTableRequest(definition), ...ttl, ...(policy && { streamPolicy: policy }) });
    const name = JSON.stringify(table.name);
    let after: ItemKey | undefined;
    for (;;) {
      const page = await ctx.engine.scan({ tableId: table.id, limit: PAGE, ...(after && { after }) });
      // The stored text is DynamoDB JSON already (binary as base64): spliced in, never parsed.
      for (const item of page) yield `{"type":"item","table":${name},"item":${item.json}}`;
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.key;
    }
  }
}

/** The CreateTable request that makes the table again (the settings Eddy keeps that CreateTable takes). */
export function createTableRequest(definition: TableDefinition): Record<string, unknown> {
  // PAY_PER_REQUEST tables keep a throughput of 0 / 0, which CreateTable refuses.
  const throughput = (t: { ReadCapacityUnits: number; WriteCapacityUnits: number } | undefined) =>
    definition.billingMode === 'PROVISIONED' && t && { ProvisionedThroughput: { ReadCapacityUnits: t.ReadCapacityUnits, WriteCapacityUnits: t.WriteCapacityUnits } };
  const index = (i: IndexDefinition, global: boolean) => ({
    IndexName: i.name,
    KeySchema: keySchemaOf(i.key),
    Projection: i.projection,
    ...(global && throughput(i.provisionedThroughput)),
    ...(global && i.extra?.OnDemandThroughput !== undefined && { OnDemandThroughput: i.extra.OnDemandThroughput }),
  });
  const globals = definition.globalIndexes.filter((i) => i.status !== 'DELETING');
  return {
    TableName: definition.name,
    AttributeDefinitions: definition.attributeDefinitions,
    KeySchema: keySchemaOf(definition.key),
    BillingMode: definition.billingMode,
    ...throughput(definition.provisionedThroughput),
    ...(globals.length > 0 && { GlobalSecondaryIndexes: globals.map((i) => index(i, true)) }),
    ...(definition.localIndexes.length > 0 && { LocalSecondaryIndexes: definition.localIndexes.map((i) => index(i, false)) }),
    ...(definition.stream?.enabled && { StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream.viewType } }),
    ...(definition.tags.length > 0 && { Tags: definition.tags }),
    ...(definition.deletionProtection && { DeletionProtectionEnabled: true }),
    ...(definition.tableClass !== 'STANDARD' && { TableClass: definition.tableClass }),
    ...(definition.extra?.OnDemandThroughput !== undefined && { OnDemandThroughput: definition.extra.OnDemandThroughput }),
    ...(definition.resourcePolicy && { ResourcePolicy: definition.resourcePolicy.document }),
  };
}

/**
 * The PutResourcePolicy request of the table's stream policy, when the table has a stream the import makes
 * again (enabled) and the policy is that stream's (one left on an older stream no longer applies).
 */
function streamPolicyRequest(ctx: TableContext, definition: TableDefinition): { ResourceArn: string; Policy: string } | undefined {
  const policy = definition.streamPolicy;
  if (!definition.stream?.enabled || policy === undefined || policy.label !== definition.latestStreamLabel) return undefined;
  return { ResourceArn: streamArn(ctx.deployment, definition.name, policy.label), Policy: policy.document };
}

/**
 * Import of tables: a table the file defines is created (CreateTable, then UpdateTimeToLive) unless one of
 * that name exists, which is kept as it is with none of the file's items. Items are written straight to
 * storage with their index entries and no stream record, as DynamoDB's ImportTable loads a table: a
 * fixture must not fire every trigger at start.
 */
export class TableLoader {
  readonly #ctx: TableContext;
  #table: TableEntry | undefined;
  /** The table of the last definition line: its item lines follow it. */
  #current: string | undefined;
  #batch: { key: ItemKey; mutation: Omit<ItemMutation, 'target'> }[] = [];
  #keys = new Set<string>();

  constructor(ctx: TableContext) {
    this.#ctx = ctx;
  }

  /** Creates the table of a definition line; false (nothing written) when a table of that name exists. */
  async define(line: Extract<ExportLine, { type: 'table' }>): Promise<boolean> {
    await this.flush();
    this.#current = line.name;
    this.#table = undefined;
    if (await this.#ctx.catalog.find(line.name)) return false;
    await dynamodbOperations.CreateTable!(this.#ctx, { ...line.create, TableName: line.name });
    if (line.timeToLive) {
      await dynamodbOperations.UpdateTimeToLive!(this.#ctx, { TableName: line.name, TimeToLiveSpecification: line.timeToLive });
    }
    if (line.streamPolicy) await this.#putStreamPolicy(line.name, line.streamPolicy);
    this.#table = await this.#ctx.catalog.require(line.name);
    return true;
  }

  /**
   * The stream policy on the table's new stream: the new stream has another ARN (its label is the time it
   * was made), which replaces the old one as the request's ResourceArn and wherever the policy names it.
   */
  async #putStreamPolicy(name: string, request: { ResourceArn: string; Policy: string }): Promise<void> {
    const { Table } = (await dynamodbOperations.DescribeTable!(this.#ctx, { TableName: name })) as { Table: { LatestStreamArn?: string } };
    const arn = Table.LatestStreamArn;
    if (arn === undefined) throw new Error(`table ${name} has a stream policy but no stream (its create line has no StreamSpecification)`);
    const Policy = typeof request.Policy === 'string' && typeof request.ResourceArn === 'string' ? request.Policy.split(request.ResourceArn).join(arn) : request.Policy;
    await dynamodbOperations.PutResourcePolicy!(this.#ctx, { ResourceArn: arn, Policy });
  }

  /** Queues an item for the table defined last; false when that table existed (kept, without the file's items). */
  async item(line: Extract<ExportLine, { type: 'item' }>): Promise<boolean> {
    if (line.table !== this.#current) throw new Error(`an item of table ${line.table} must follow that table's line`);
    const table = this.#table;
    if (table === undefined) return false;
    const { item, size } = checkPutItem({ TableName: line.table, Item: line.item });
    const definition = table.definition;
    const key = keyOfItem(definition, item);
    checkIndexKeys(definition, item);
    const encoded = encodeItem(item, size);
    const id = `${Buffer.from(key.partition).toString('hex')}/${Buffer.from(key.sort).toString('hex')}`;
    if (this.#keys.has(id)) await this.flush(); // a key twice in one write: the later line wins, as it would one by one
    this.#keys.add(id);
    const indexEntries = indexEntriesOf(definition, item, encoded);
    this.#batch.push({ key, mutation: { item: encoded, ...(indexEntries && { indexEntries }) } });
    if (this.#batch.length >= BATCH) await this.flush();
    return true;
  }

  /** Writes the queued items in one transaction, without stream records. */
  async flush(): Promise<void> {
    const batch = this.#batch;
    const table = this.#table;
    this.#batch = [];
    this.#keys = new Set();
    if (batch.length === 0 || table === undefined) return;
    await this.#ctx.engine.writeItems({
      targets: batch.map(({ key }) => ({ tableId: table.id, key })),
      decide: () => ({ mutations: batch.map(({ mutation }, target) => ({ target, ...mutation })), result: undefined }),
    });
  }
}
