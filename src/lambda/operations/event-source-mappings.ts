import { randomUUID } from 'node:crypto';
import type { RestRequest, RestResponse } from '../../api/rest-service.js';
import { mappingConfiguration } from '../../triggers/mapping-view.js';
import { settingsFrom } from '../../triggers/mapping-settings.js';
import type { Mapping, MappingsContext } from '../../triggers/mappings-context.js';
import type { MappingSettings } from '../../triggers/mapping-settings.js';
import { isFifoQueueArn, queueMappingConfiguration, queueSettingsFrom, type QueueMappingSettings } from '../../triggers/queue-source/index.js';
import { isQueueMapping } from '../../triggers/trigger-supervisor.js';
import { queueNameOfArn } from '../../queues/queue-url.js';
import type { MappingRecord } from '../../storage/trigger-store.js';

type AnyMapping = MappingRecord<MappingSettings | QueueMappingSettings>;

/** The API's view of a mapping of either kind. */
function view(ctx: MappingsContext, mapping: AnyMapping, state?: string): Record<string, unknown> {
  if (isQueueMapping(mapping)) return queueMappingConfiguration(mapping, ctx.deployment, state);
  const stream = mapping as Mapping;
  const live = ctx.lastProcessingResult(stream.uuid);
  const shown = live === undefined ? stream : { ...stream, config: { ...stream.config, lastProcessingResult: live } };
  return mappingConfiguration(shown, ctx.deployment, state);
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
import { functionArn, resolveFunctionName } from '../function-names.js';
import { LambdaError, lambdaErrors } from '../lambda-errors.js';
import { MAX_JSON_DEPTH, jsonDepthExceeds, mayExceedDepth } from '../../shared/json-depth.js';

/** A table stream ARN: `arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL`. */
const STREAM_ARN = /^arn:aws:dynamodb:([a-z0-9-]+):(\d{12}):table\/([A-Za-z0-9_.-]{3,255})\/stream\/(.+)$/;

function body(req: RestRequest): Record<string, unknown> {
  if (req.body.length === 0) return {};
  try {
    const parsed = JSON.parse(req.body.toString('utf8')) as unknown;
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      if (mayExceedDepth(req.body.length) && jsonDepthExceeds(parsed)) {
        throw lambdaErrors.invalidRequestContent(`Could not parse request body into json: nested deeper than ${MAX_JSON_DEPTH} levels`);
      }
      return parsed as Record<string, unknown>;
    }
  } catch (error) {
    if (error instanceof LambdaError) throw error;
  }
  throw lambdaErrors.invalidRequestContent('Could not parse request body into json');
}

const json = (status: number, value: unknown): RestResponse => ({ status, body: JSON.stringify(value) });

async function requireStream(ctx: MappingsContext, arn: unknown): Promise<string> {
  if (typeof arn !== 'string') throw lambdaErrors.invalidParameterValue('EventSourceArn is required.');
  const match = STREAM_ARN.exec(arn);
  if (!match || match[1] !== ctx.deployment.region || match[2] !== ctx.deployment.account || !(await ctx.engine.getStream(match[3]!, match[4]!))) {
    throw lambdaErrors.invalidParameterValue(`Stream not found: ${arn}`);
  }
  return arn;
}

function requireFunction(ctx: MappingsContext, name: unknown): string {
  if (typeof name !== 'string') throw lambdaErrors.invalidParameterValue('FunctionName is required.');
  const resolved = resolveFunctionName(name, null, ctx.deployment);
  if (!ctx.runtime.get(resolved)) throw lambdaErrors.functionNotFound(functionArn(ctx.deployment, resolved));
  return resolved;
}

async function requireMapping(ctx: MappingsContext, uuid: string): Promise<AnyMapping> {
  const mapping = await ctx.engine.triggers.getMapping<MappingSettings | QueueMappingSettings>(uuid);
  if (!mapping) throw lambdaErrors.mappingNotFound(uuid);
  return mapping;
}

/** CreateEventSourceMapping: `POST /2015-03-31/event-source-mappings` → 202, State "Creating". */
export async function createEventSourceMapping(ctx: MappingsContext, req: RestRequest): Promise<RestResponse> {
  const input = body(req);
  const arn = input['EventSourceArn'];
  const queue = typeof arn === 'string' && arn.startsWith('arn:aws:sqs:');
  const sourceArn = queue ? await requireQueue(ctx, arn as string) : await requireStream(ctx, arn);
  const functionName = requireFunction(ctx, input['FunctionName']);
  const config = queue
    ? queueSettingsFrom(input, undefined, { fifo: isFifoQueueArn(sourceArn), validatePattern: ctx.validatePattern })
    : settingsFrom(input, undefined, ctx.validatePattern);
  const existing = await ctx.engine.triggers.listMappings({ functionName, sourceArn });
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
  return json(202, view(ctx, mapping, 'Creating'));
}

/** GetEventSourceMapping. */
export async function getEventSourceMapping(ctx: MappingsContext, req: RestRequest): Promise<RestResponse> {
  return json(200, view(ctx, await requireMapping(ctx, req.params[0]!)));
}

/** UpdateEventSourceMapping: `PUT …/{UUID}` → 202, State "Updating" (or Enabling / Disabling). */
export async function updateEventSourceMapping(ctx: MappingsContext, req: RestRequest): Promise<RestResponse> {
  const input = body(req);
  const current = await requireMapping(ctx, req.params[0]!);
  const functionName = input['FunctionName'] === undefined ? current.functionName : requireFunction(ctx, input['FunctionName']);
  const config = isQueueMapping(current)
    ? queueSettingsFrom(input, current.config, { fifo: isFifoQueueArn(current.sourceArn), validatePattern: ctx.validatePattern })
    : settingsFrom(input, (current as Mapping).config, ctx.validatePattern);
  const updated = await ctx.engine.triggers.updateMapping<MappingSettings | QueueMappingSettings>(current.uuid, ctx.clock.now(), () => ({
    functionName,
    config,
  }));
  if (!updated) throw lambdaErrors.mappingNotFound(current.uuid);
  ctx.changed(updated.uuid);
  const state = config.enabled === current.config.enabled ? 'Updating' : config.enabled ? 'Enabling' : 'Disabling';
  return json(202, view(ctx, updated, state));
}

/** DeleteEventSourceMapping: → 202 with State "Deleting"; its consumers stop. */
export async function deleteEventSourceMapping(ctx: MappingsContext, req: RestRequest): Promise<RestResponse> {
  const mapping = await requireMapping(ctx, req.params[0]!);
  await ctx.engine.triggers.deleteMapping(mapping.uuid);
  ctx.changed(mapping.uuid);
  return json(202, view(ctx, mapping, 'Deleting'));
}

/** ListEventSourceMappings: by EventSourceArn and/or FunctionName; pages of at most 100 (MaxItems 1–10000). */
export async function listEventSourceMappings(ctx: MappingsContext, req: RestRequest): Promise<RestResponse> {
  const maxText = req.query.get('MaxItems');
  const max = maxText === null ? 100 : Number(maxText);
  if (!Number.isInteger(max) || max < 1 || max > 10_000) {
    throw lambdaErrors.validation(`1 validation error detected: Value '${maxText}' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 10000`);
  }
  const sourceArn = req.query.get('EventSourceArn') ?? undefined;
  const fn = req.query.get('FunctionName');
  const functionName = fn === null ? undefined : resolveFunctionName(fn, null, ctx.deployment);
  const all = await ctx.engine.triggers.listMappings<MappingSettings | QueueMappingSettings>({
    ...(sourceArn !== undefined && { sourceArn }),
    ...(functionName !== undefined && { functionName }),
  });
  const marker = req.query.get('Marker');
  const start = marker === null ? 0 : Number(Buffer.from(marker, 'base64url').toString('utf8'));
  if (!Number.isInteger(start) || start < 0) throw lambdaErrors.invalidParameterValue('Invalid Marker');
  const page = all.slice(start, start + Math.min(max, 100));
  const answer: Record<string, unknown> = { EventSourceMappings: page.map((m) => view(ctx, m)) };
  if (start + page.length < all.length) answer['NextMarker'] = Buffer.from(String(start + page.length)).toString('base64url');
  return json(200, answer);
}
