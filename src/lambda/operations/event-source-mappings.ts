import { randomUUID } from 'node:crypto';
import { mappingConfiguration } from '../../triggers/mapping-view.js';
import { settingsFrom } from '../../triggers/mapping-settings.js';
import type { Mapping, MappingsContext } from '../../triggers/mappings-context.js';
import type { MappingSettings } from '../../triggers/mapping-settings.js';
import { isFifoQueueArn, queueMappingConfiguration, queueSettingsFrom, type QueueMappingSettings } from '../../triggers/queue-source/index.js';
import { isQueueMapping } from '../../triggers/trigger-supervisor.js';
import { holdsShards } from '../../triggers/consumer-leases.js';
import { queueNameOfArn } from '../../queues/queue-url.js';
import { parseStreamArn } from '../../streams/stream-arn.js';
import type { MappingRecord } from '../../storage/trigger-store.js';
import { functionArn } from '../function-names.js';
import { lambdaErrors } from '../lambda-errors.js';
import { parseQualifiedFunctionName } from '../qualified-function-name.js';

type AnyMapping = MappingRecord<MappingSettings | QueueMappingSettings>;

/** An event source mapping as the API shows it (EventSourceMappingConfiguration). */
export type MappingConfiguration = Record<string, unknown>;

/** ListEventSourceMappings' filters and page: `maxItems` already within 1–10000; `marker` is a NextMarker. */
export interface ListMappingsInput {
  readonly eventSourceArn?: string;
  readonly functionName?: string;
  readonly maxItems?: number;
  readonly marker?: string;
}

/** The API's view of a mapping of either kind. */
function view(ctx: MappingsContext, mapping: AnyMapping, state?: string): MappingConfiguration {
  if (isQueueMapping(mapping)) return queueMappingConfiguration(mapping, ctx.deployment, state);
  const stream = mapping as Mapping;
  const live = ctx.lastProcessingResult(stream.uuid);
  const shown = live === undefined ? stream : { ...stream, config: { ...stream.config, lastProcessingResult: live } };
  return mappingConfiguration(shown, ctx.deployment, state);
}

/**
 * The API's view of a mapping as it is now (Get, List): a disabled stream mapping is "Disabling" while its
 * consumer still holds a shard (finishing a batch, on any node sharing the database), then "Disabled".
 * Enabled mappings cost no read. A queue mapping's poller holds nothing in storage: it shows its stored state.
 */
async function currentView(ctx: MappingsContext, mapping: AnyMapping): Promise<MappingConfiguration> {
  const stopping = !mapping.config.enabled && !isQueueMapping(mapping) && (await holdsShards(ctx.engine.triggers, mapping.uuid, ctx.clock.now()));
  return view(ctx, mapping, stopping ? 'Disabling' : undefined);
}

/** An SQS queue ARN of this deployment whose queue exists. */
async function requireQueue(ctx: MappingsContext, arn: string): Promise<string> {
  const name = queueNameOfArn(arn, ctx.deployment);
  if (name === undefined || !(await ctx.engine.queues.get(name))) {
    // Unconfirmed wording, modelled on the stream case.
    throw lambdaErrors.invalidParameterValue(`Queue not found: ${arn}`);
  }
  return arn;
}

async function requireStream(ctx: MappingsContext, arn: unknown): Promise<string> {
  if (typeof arn !== 'string') throw lambdaErrors.invalidParameterValue('EventSourceArn is required.');
  const stream = parseStreamArn(arn, ctx.deployment);
  if (!stream || !(await ctx.engine.getStream(stream.tableName, stream.label))) {
    throw lambdaErrors.invalidParameterValue(`Stream not found: ${arn}`);
  }
  return arn;
}

/** A FunctionName: the function, and the version or alias it names (`$LATEST` too, when named) or undefined. */
interface NamedFunction {
  readonly name: string;
  readonly qualifier: string | undefined;
}

function namedFunction(ctx: MappingsContext, raw: string): NamedFunction {
  const { name, qualifier, foreign } = parseQualifiedFunctionName(raw, undefined, ctx.deployment);
  if (foreign) throw lambdaErrors.functionNotFound(raw);
  return { name, qualifier: qualifier !== '$LATEST' || raw.endsWith(':$LATEST') ? qualifier : undefined };
}

/** The function a Create or Update names, which must exist, with the version or alias it names. */
async function requireFunction(ctx: MappingsContext, raw: unknown): Promise<NamedFunction> {
  if (typeof raw !== 'string') throw lambdaErrors.invalidParameterValue('FunctionName is required.');
  const named = namedFunction(ctx, raw);
  if (!ctx.runtime.get(named.name)) throw lambdaErrors.functionNotFound(functionArn(ctx.deployment, named.name));
  if (named.qualifier !== undefined && !(await ctx.hasQualifier(named.name, named.qualifier))) {
    // Observed for a mapping on an alias not created yet (aws-cdk#2084): 400, not the 404 Invoke answers.
    throw lambdaErrors.invalidParameterValue('Function does not exist');
  }
  return named;
}

/** The settings with the mapping's qualifier: what its FunctionArn names beside the function. */
function qualified<C extends MappingSettings | QueueMappingSettings>(settings: C, qualifier: string | undefined): C {
  return qualifier === undefined ? settings : { ...settings, qualifier };
}

async function requireMapping(ctx: MappingsContext, uuid: string): Promise<AnyMapping> {
  const mapping = await ctx.engine.triggers.getMapping<MappingSettings | QueueMappingSettings>(uuid);
  if (!mapping) throw lambdaErrors.mappingNotFound(uuid);
  return mapping;
}

/**
 * CreateEventSourceMapping, from the request's members (the parsed body): the mapping in State
 * "Creating".
 */
export async function createEventSourceMapping(ctx: MappingsContext, input: Record<string, unknown>): Promise<MappingConfiguration> {
  const arn = input['EventSourceArn'];
  const queue = typeof arn === 'string' && arn.startsWith('arn:aws:sqs:');
  const sourceArn = queue ? await requireQueue(ctx, arn as string) : await requireStream(ctx, arn);
  const { name: functionName, qualifier } = await requireFunction(ctx, input['FunctionName']);
  const settings = queue
    ? queueSettingsFrom(input, undefined, { fifo: isFifoQueueArn(sourceArn), validatePattern: ctx.validatePattern })
    : settingsFrom(input, undefined, ctx.validatePattern);
  const config = qualified(settings, qualifier);
  // One mapping per source and FunctionArn: the function and each of its versions and aliases are distinct.
  const existing = (await ctx.engine.triggers.listMappings<MappingSettings | QueueMappingSettings>({ functionName, sourceArn })).filter(
    (m) => m.config.qualifier === qualifier,
  );
  if (existing.length > 0) {
    throw lambdaErrors.resourceConflict(
      `The event source arn (" ${sourceArn} ") and function (" ${functionName} ") provided mapping already exists. Please update or delete the existing mapping with UUID ${existing[0]!.uuid}`,
    );
  }
  const mapping = await ctx.engine.triggers.createMapping<MappingSettings | QueueMappingSettings>({
    uuid: randomUUID(),
    functionName,
    sourceArn,
    config,
    now: ctx.clock.now(),
  });
  ctx.changed(mapping.uuid);
  return view(ctx, mapping, 'Creating');
}

/** GetEventSourceMapping. */
export async function getEventSourceMapping(ctx: MappingsContext, uuid: string): Promise<MappingConfiguration> {
  return currentView(ctx, await requireMapping(ctx, uuid));
}

/** UpdateEventSourceMapping, from the request's members: the mapping in State "Updating" (or Enabling / Disabling). */
export async function updateEventSourceMapping(ctx: MappingsContext, uuid: string, input: Record<string, unknown>): Promise<MappingConfiguration> {
  const current = await requireMapping(ctx, uuid);
  // A FunctionName given moves the mapping to that function, version or alias (it must exist, as on Create).
  const target =
    input['FunctionName'] === undefined ? { name: current.functionName, qualifier: current.config.qualifier } : await requireFunction(ctx, input['FunctionName']);
  const functionName = target.name;
  const settings = isQueueMapping(current)
    ? queueSettingsFrom(input, current.config, { fifo: isFifoQueueArn(current.sourceArn), validatePattern: ctx.validatePattern })
    : settingsFrom(input, (current as Mapping).config, ctx.validatePattern);
  const config = qualified(settings, target.qualifier);
  const updated = await ctx.engine.triggers.updateMapping<MappingSettings | QueueMappingSettings>(current.uuid, ctx.clock.now(), () => ({
    functionName,
    config,
  }));
  if (!updated) throw lambdaErrors.mappingNotFound(current.uuid);
  ctx.changed(updated.uuid);
  const state = config.enabled === current.config.enabled ? 'Updating' : config.enabled ? 'Enabling' : 'Disabling';
  return view(ctx, updated, state);
}

/** DeleteEventSourceMapping: the mapping as it was, in State "Deleting"; its consumers stop. */
export async function deleteEventSourceMapping(ctx: MappingsContext, uuid: string): Promise<MappingConfiguration> {
  const mapping = await requireMapping(ctx, uuid);
  await ctx.engine.triggers.deleteMapping(mapping.uuid);
  ctx.changed(mapping.uuid);
  return view(ctx, mapping, 'Deleting');
}

/**
 * ListEventSourceMappings: by EventSourceArn and/or FunctionName; pages of at most 100 (default 100).
 * A FunctionName is matched as the mappings' FunctionArn: the function's name lists the mappings on the
 * function itself, `name:live` those on that alias (a qualifier that names nothing lists none).
 */
export async function listEventSourceMappings(ctx: MappingsContext, input: ListMappingsInput): Promise<Record<string, unknown>> {
  const max = input.maxItems ?? 100;
  const sourceArn = input.eventSourceArn;
  const named = input.functionName === undefined ? undefined : namedFunction(ctx, input.functionName);
  const found = await ctx.engine.triggers.listMappings<MappingSettings | QueueMappingSettings>({
    ...(sourceArn !== undefined && { sourceArn }),
    ...(named !== undefined && { functionName: named.name }),
  });
  const all = named === undefined ? found : found.filter((m) => m.config.qualifier === named.qualifier);
  const start = input.marker === undefined ? 0 : Number(Buffer.from(input.marker, 'base64url').toString('utf8'));
  if (!Number.isInteger(start) || start < 0) throw lambdaErrors.invalidParameterValue('Invalid Marker');
  const page = all.slice(start, start + Math.min(max, 100));
  const answer: Record<string, unknown> = { EventSourceMappings: await Promise.all(page.map((m) => currentView(ctx, m))) };
  if (start + page.length < all.length) answer['NextMarker'] = Buffer.from(String(start + page.length)).toString('base64url');
  return answer;
}
