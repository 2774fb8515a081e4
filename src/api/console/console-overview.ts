import type { BusContext } from '../../bus/bus-context.js';
import { ruleStatuses } from '../../bus/rule-status.js';
import type { FunctionRuntime } from '../../functions/function-runtime.js';
import type { QueuesContext } from '../../queues/queues-context.js';
import type { MappingStatus } from '../../triggers/mapping-status.js';
import type { JsonService } from '../json-service.js';

/** What the console's overview is drawn from: the JSON services' own operations, the mappings' and pipes' supervisors, this node's functions, the queues' store. */
export interface OverviewSources {
  readonly services: () => readonly JsonService[];
  readonly mappings: readonly { status(): Promise<MappingStatus[]> }[];
  readonly runtime: FunctionRuntime;
  readonly bus: BusContext;
  /** For peeking at a queue's messages (queue-peek.ts). */
  readonly queues: QueuesContext;
}

type Operation = (input: Record<string, unknown>) => Promise<unknown>;
type Json = Record<string, any>;

/**
 * Every resource and how it is doing, in one answer: tables (keys, stream, TTL, indexes, item count),
 * mappings and pipes (state, per-shard status, last failure), functions, queues (depths, dead-letter
 * target), buses and rules (with their targets' delivery counts). Tables, queues and buses come through
 * the same operations the AWS APIs run, so the console sees what an SDK would.
 */
export async function overview(sources: OverviewSources): Promise<unknown> {
  const call = operations(sources.services());
  const [tables, queues, buses, rules, mappings] = await Promise.all([
    tablesOf(call('DynamoDB_20120810')),
    queuesOf(call('AmazonSQS')),
    busesOf(call('AWSEvents')),
    ruleStatuses(sources.bus),
    Promise.all(sources.mappings.map((m) => m.status())).then((all) => all.flat()),
  ]);
  const functions = sources.runtime.list().map(({ spec, arn }) => ({
    name: spec.name,
    arn,
    handler: spec.handler,
    runtime: spec.runtime ?? 'nodejs',
    timeoutSeconds: spec.timeoutSeconds,
    ...(sources.runtime.broken(spec.name) && { broken: sources.runtime.broken(spec.name)!.message }),
    environments: sources.runtime.environments(spec.name) ?? { busy: 0, idle: 0 },
  }));
  return { tables, mappings, functions, queues, buses, rules, at: new Date(sources.bus.clock.now()).toISOString() };
}

function operations(services: readonly JsonService[]) {
  return (prefix: string) => (name: string): Operation => {
    const operation = services.find((service) => service.targetPrefix === prefix)?.operations.get(name);
    if (operation === undefined) throw new Error(`${prefix}.${name} is not served`); // a bug: these are Eddy's own
    return operation;
  };
}

async function tablesOf(op: (name: string) => Operation) {
  const names: string[] = [];
  let start: string | undefined;
  do {
    const page = (await op('ListTables')({ ...(start && { ExclusiveStartTableName: start }) })) as Json;
    names.push(...(page.TableNames as string[]));
    start = page.LastEvaluatedTableName;
  } while (start !== undefined);
  const described = await Promise.all(names.map((name) => describe(op, name)));
  return described.filter((table) => table !== undefined);
}

/** A table and its TTL; undefined when it went away between the listing and the describe. */
async function describe(op: (name: string) => Operation, name: string) {
  try {
    const [{ Table: table }, { TimeToLiveDescription: ttl }] = (await Promise.all([op('DescribeTable')({ TableName: name }), op('DescribeTimeToLive')({ TableName: name })])) as Json[];
    return {
      name,
      arn: table.TableArn,
      status: table.TableStatus,
      itemCount: table.ItemCount ?? 0,
      sizeBytes: table.TableSizeBytes ?? 0,
      keySchema: table.KeySchema,
      attributeDefinitions: table.AttributeDefinitions,
      billingMode: table.BillingModeSummary?.BillingMode ?? 'PROVISIONED',
      stream: table.StreamSpecification?.StreamEnabled ? { viewType: table.StreamSpecification.StreamViewType, arn: table.LatestStreamArn } : null,
      ttl: ttl?.TimeToLiveStatus === 'ENABLED' || ttl?.TimeToLiveStatus === 'ENABLING' ? ttl.AttributeName : null,
      globalIndexes: (table.GlobalSecondaryIndexes ?? []).map((index: Json) => ({ name: index.IndexName, keySchema: index.KeySchema, status: index.IndexStatus, itemCount: index.ItemCount ?? 0 })),
      localIndexes: (table.LocalSecondaryIndexes ?? []).map((index: Json) => ({ name: index.IndexName, keySchema: index.KeySchema, itemCount: index.ItemCount ?? 0 })),
    };
  } catch (error) {
    if ((error as { code?: string }).code === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

async function queuesOf(op: (name: string) => Operation) {
  const { QueueUrls: urls = [] } = (await op('ListQueues')({ MaxResults: 1000 })) as Json;
  const queues = await Promise.all(
    (urls as string[]).map(async (url) => {
      try {
        const { Attributes: a } = (await op('GetQueueAttributes')({ QueueUrl: url, AttributeNames: ['All'] })) as Json;
        const redrive = a.RedrivePolicy ? (JSON.parse(a.RedrivePolicy) as Json) : undefined;
        return {
          name: url.slice(url.lastIndexOf('/') + 1),
          url,
          arn: a.QueueArn as string,
          fifo: a.FifoQueue === 'true',
          visible: Number(a.ApproximateNumberOfMessages ?? 0),
          inFlight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0),
          delayed: Number(a.ApproximateNumberOfMessagesDelayed ?? 0),
          ...(redrive?.deadLetterTargetArn && { deadLetterTargetArn: redrive.deadLetterTargetArn as string, maxReceiveCount: Number(redrive.maxReceiveCount) }),
        };
      } catch (error) {
        if ((error as { code?: string }).code?.includes('NonExistentQueue')) return undefined;
        throw error;
      }
    }),
  );
  return queues.filter((queue) => queue !== undefined);
}

async function busesOf(op: (name: string) => Operation) {
  const buses: { name: string; arn: string }[] = [];
  let token: string | undefined;
  do {
    const page = (await op('ListEventBuses')({ Limit: 100, ...(token && { NextToken: token }) })) as Json;
    for (const bus of page.EventBuses ?? []) buses.push({ name: bus.Name, arn: bus.Arn });
    token = page.NextToken;
  } while (token !== undefined);
  return buses;
}
