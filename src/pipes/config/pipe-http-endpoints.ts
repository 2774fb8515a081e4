import { apiDestinationArn } from '../../bus/bus-arns.js';
import type { BusContext } from '../../bus/bus-context.js';
import type { ApiDestinationDefinition } from '../../bus/bus-documents.js';
import { requireConnection, writeApiDestination } from '../../bus/connections/connection-lookup.js';
import { arnOfApiDestination, arnOfConnection } from '../../bus/connections/connection-views.js';
import { createApiDestination } from '../../bus/operations/create-api-destination.js';
import { updateApiDestination } from '../../bus/operations/update-api-destination.js';
import { boundedName } from '../../config/target-ids.js';
import type { Deployment } from '../../shared/arns.js';
import type { PipeHttpEndpoint } from './pipe-config.js';

/** Which end of a pipe an `http` block is. */
export type PipeEndpointRole = 'target' | 'enrichment';

/**
 * The API destination made for a config pipe's `http` target or enrichment: `pipe.<pipe>.target` or
 * `pipe.<pipe>.enrichment` (at most 64 characters, as the names the config gives rules' http targets,
 * target-ids.ts), so applying the same config again finds it.
 */
export const pipeDestinationName = (pipe: string, role: PipeEndpointRole): string => boundedName(`pipe.${pipe}.${role}`);

/** An ARN standing in for the API destination while the config is only checked (it has no id before it is made). */
export const placeholderDestinationArn = (d: Deployment, pipe: string, role: PipeEndpointRole): string =>
  apiDestinationArn(d, pipeDestinationName(pipe, role), '00000000-0000-0000-0000-000000000000');

/**
 * Creates (CreateApiDestination) or updates (UpdateApiDestination) the API destination of a config
 * pipe's `http` block to its url, method and connection, through the bus's own operations, and returns
 * its ARN. Its InvocationRateLimitPerSecond is AWS's default, and one set through the API stays.
 * Runs after the config's connections are applied; a connection that exists nowhere was refused before.
 */
export async function ensurePipeDestination(ctx: BusContext, pipe: string, role: PipeEndpointRole, http: PipeHttpEndpoint): Promise<string> {
  const Name = pipeDestinationName(pipe, role);
  const ConnectionArn = arnOfConnection(ctx.deployment, await requireConnection(ctx, http.connection, 'create'));
  const wanted = { ConnectionArn, InvocationEndpoint: http.url, HttpMethod: http.method ?? 'POST' };
  const stored = await ctx.store.getDocument<ApiDestinationDefinition>('api-destination', '', Name);
  if (!stored) {
    const created = (await createApiDestination(ctx, { Name, Description: `The http ${role} of pipe ${pipe} (eddy config)`, ...wanted })) as { ApiDestinationArn: string };
    return created.ApiDestinationArn;
  }
  const changes = Object.fromEntries(Object.entries(wanted).filter(([member, value]) => stored.definition[member as keyof typeof wanted] !== value));
  if (Object.keys(changes).length > 0) await updateApiDestination(ctx, { Name, ...changes });
  return arnOfApiDestination(ctx.deployment, stored);
}

/** The ARN of an API destination created through the API, named by a config pipe's `apiDestination` (checked to exist before applying). */
export async function apiDestinationArnOf(ctx: BusContext, name: string): Promise<string> {
  const stored = await ctx.store.getDocument<ApiDestinationDefinition>('api-destination', '', name);
  if (!stored) throw new Error(`API destination ${name} is gone since the config was checked`);
  return arnOfApiDestination(ctx.deployment, stored);
}

/**
 * Deletes the API destination made for a pipe's `http` block (its pipe dropped, or the block), when there
 * is one the config made (its description says so: one created through the API under the name stays).
 */
export async function removePipeDestination(ctx: BusContext, pipe: string, role: PipeEndpointRole): Promise<void> {
  await writeApiDestination(ctx.store, pipeDestinationName(pipe, role), ctx.clock.now(), (current) => ({
    definition: current && !madeByConfig(current.definition) ? current.definition : null,
    result: undefined,
  }));
}

const madeByConfig = (d: ApiDestinationDefinition): boolean => /^The http (target|enrichment) of pipe .* \(eddy config\)$/.test(d.Description ?? '');
