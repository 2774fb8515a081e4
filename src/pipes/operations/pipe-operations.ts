import { randomUuid } from '../../shared/random-uuid.js';
import { checkPipeRequest } from '../check-pipe-request.js';
import { checkPipeSettings } from '../pipe-checks.js';
import type { Pipe, PipeDefinition } from '../pipe-definition.js';
import { pipeArn } from '../pipe-endpoints.js';
import { pipesErrors } from '../pipe-errors.js';
import { createPipeShape, pipeName, updatePipeShape } from '../pipe-shapes.js';
import { describeView, stateView } from '../pipe-views.js';
import type { PipesContext } from '../pipes-context.js';
import { structure, required } from '../../bus/validation/shapes.js';
import type { StoredPipe } from '../../storage/pipe-store.js';
import { holdsShards } from '../../triggers/consumer-leases.js';

/*
 * States: a call answers the transient state it causes (CreatePipe CREATING, UpdatePipe UPDATING,
 * StartPipe STARTING, StopPipe STOPPING, DeletePipe DELETING). The stored definition has settled by the
 * time the call returns, so the next DescribePipe or ListPipes shows RUNNING (or NotFoundException after a
 * delete) — but a stopped pipe (StopPipe, or stopped by Eddy) whose stream consumer is still ending its
 * batch, on any node, is STOPPING until that consumer has let its shards go (currentState), then STOPPED.
 * AWS takes a minute or two for a stream source (SEMANTICS C.10.2); waiters that poll for RUNNING or
 * STOPPED see it once the consumer has stopped.
 */

const toPipe = (stored: StoredPipe<PipeDefinition>): Pipe => ({ definition: stored.definition, createdAt: stored.createdAt, modifiedAt: stored.modifiedAt });

const nameShape = structure({ Name: required(pipeName) });

/** The pipe a path's Name names, its Name checked as the model says. */
export async function requirePipe(ctx: PipesContext, name: string): Promise<Pipe> {
  checkPipeRequest({ Name: name }, nameShape);
  const stored = await ctx.store.get<PipeDefinition>(name);
  if (!stored) throw pipesErrors.notFound(name);
  return toPipe(stored);
}

export async function createPipe(ctx: PipesContext, name: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const input = checkPipeRequest<Omit<PipeDefinition, 'Arn' | 'CurrentState' | 'consumerId' | 'DesiredState' | 'Tags'> & { DesiredState?: 'RUNNING' | 'STOPPED'; Tags?: Record<string, string> }>(
    { ...body, Name: name },
    createPipeShape,
  );
  await checkPipeSettings(ctx, input);
  const desired = input.DesiredState ?? 'RUNNING';
  const stored = await ctx.store.write<PipeDefinition>(name, ctx.clock.now(), (current) => {
    if (current) throw pipesErrors.conflict(name, `Pipe ${name} already exists.`);
    return { ...input, Arn: pipeArn(ctx.deployment, name), DesiredState: desired, CurrentState: desired, Tags: input.Tags ?? {}, consumerId: `pipe:${name}:${randomUuid()}` };
  });
  ctx.changed(name);
  return stateView(toPipe(stored), { desired, current: 'CREATING' });
}

/**
 * The CurrentState Describe and List show: STOPPING for a stopped pipe while its consumer still holds a
 * shard lease (one read of its positions; a queue source holds none), else the stored one. Running pipes cost no read.
 */
export async function currentState(ctx: PipesContext, pipe: PipeDefinition): Promise<string> {
  if (pipe.CurrentState !== 'STOPPED') return pipe.CurrentState;
  return (await holdsShards(ctx.store.positions, pipe.consumerId, ctx.clock.now())) ? 'STOPPING' : 'STOPPED';
}

export async function describePipe(ctx: PipesContext, name: string): Promise<Record<string, unknown>> {
  const pipe = await requirePipe(ctx, name);
  return describeView(pipe, await currentState(ctx, pipe.definition));
}

/**
 * UpdatePipe: members sent replace the stored ones; a parameter block (DynamoDBStreamParameters,
 * EventBridgeEventBusParameters, …) is replaced whole, as AWS documents, keeping StartingPosition,
 * which cannot change. The source cannot change either.
 */
export async function updatePipe(ctx: PipesContext, name: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const input = checkPipeRequest<Partial<PipeDefinition> & { RoleArn: string }>({ ...body, Name: name }, updatePipeShape);
  const current = await requirePipe(ctx, name);
  const merged = merge(current.definition, input);
  await checkPipeSettings(ctx, merged);
  const stored = await ctx.store.write<PipeDefinition>(name, ctx.clock.now(), (now) => {
    if (!now) throw pipesErrors.notFound(name);
    return merge(now.definition, input);
  });
  ctx.changed(name);
  return stateView(toPipe(stored), { desired: stored.definition.DesiredState, current: 'UPDATING' });
}

function merge(current: PipeDefinition, input: Partial<PipeDefinition>): PipeDefinition {
  const { Name: _name, SourceParameters, TargetParameters, EnrichmentParameters, ...rest } = input;
  const stream = (current.SourceParameters?.['DynamoDBStreamParameters'] as Record<string, unknown> | undefined)?.['StartingPosition'];
  const sourceParameters = SourceParameters && { ...current.SourceParameters, ...SourceParameters };
  if (sourceParameters?.['DynamoDBStreamParameters'] && stream !== undefined) {
    sourceParameters['DynamoDBStreamParameters'] = { ...(sourceParameters['DynamoDBStreamParameters'] as object), StartingPosition: stream };
  }
  const desired = rest.DesiredState ?? current.DesiredState;
  // An update runs a pipe Eddy stopped (pipe-execution.ts) again: its StateReason goes.
  const { StateReason: _reason, ...kept } = current;
  return {
    ...kept,
    ...rest,
    ...(sourceParameters && { SourceParameters: sourceParameters }),
    // A new target keeps none of the old target's blocks (an SQS block means nothing to a bus); InputTemplate stays.
    ...((TargetParameters || (rest.Target !== undefined && rest.Target !== current.Target)) && {
      TargetParameters: { ...(rest.Target !== undefined && rest.Target !== current.Target ? pick(current.TargetParameters, 'InputTemplate') : current.TargetParameters), ...TargetParameters },
    }),
    ...(EnrichmentParameters && { EnrichmentParameters: { ...current.EnrichmentParameters, ...EnrichmentParameters } }),
    DesiredState: desired,
    CurrentState: desired,
  };
}

/** StartPipe and StopPipe: the desired state, which the runtime follows; starting a running pipe changes nothing. */
export async function setPipeState(ctx: PipesContext, name: string, desired: 'RUNNING' | 'STOPPED'): Promise<Record<string, unknown>> {
  await requirePipe(ctx, name);
  const stored = await ctx.store.write<PipeDefinition>(name, ctx.clock.now(), (current) => {
    if (!current) throw pipesErrors.notFound(name);
    const { StateReason: _reason, ...definition } = current.definition;
    return { ...definition, DesiredState: desired, CurrentState: desired };
  });
  ctx.changed(name);
  return stateView(toPipe(stored), { desired, current: desired === 'RUNNING' ? 'STARTING' : 'STOPPING' });
}

export async function deletePipe(ctx: PipesContext, name: string): Promise<Record<string, unknown>> {
  const pipe = await requirePipe(ctx, name);
  if (!(await ctx.store.delete(name))) throw pipesErrors.notFound(name);
  ctx.changed(name);
  return stateView(pipe, { desired: 'DELETED', current: 'DELETING' });
}

const pick = (params: Record<string, unknown> | undefined, member: string): Record<string, unknown> =>
  params?.[member] === undefined ? {} : { [member]: params[member] };
