import { apiDestinationOfArn } from '../bus/bus-arns.js';
import type { BusContext } from '../bus/bus-context.js';
import type { ApiDestinationDefinition, TargetDefinition } from '../bus/bus-documents.js';
import { requireConnection, writeApiDestination } from '../bus/connections/connection-lookup.js';
import { arnOfApiDestination, arnOfConnection } from '../bus/connections/connection-views.js';
import { createApiDestination } from '../bus/operations/create-api-destination.js';
import { updateApiDestination } from '../bus/operations/update-api-destination.js';
import type { HttpTargets } from './apply-rules.js';
import { ruleLabel } from './config-rules.js';
import { apiDestinationName } from './target-ids.js';

/**
 * The API destinations made for the config's `http` targets: one per (bus, rule, target), named
 * `<bus>.<rule>.<target id>` (target-ids.ts), so applying the same config again finds it. It is created
 * (CreateApiDestination) or updated (UpdateApiDestination) to the target's url, method and connection,
 * through the bus's own operations; its rate limit is AWS's default, and one set through the API stays.
 * It is deleted when its target leaves the config; API destinations created through the API are never
 * deleted, even when a rule the config adopts has targets naming them.
 */
export function httpTargets(ctx: BusContext): HttpTargets {
  return {
    async destinationOf(bus, rule, target) {
      const Name = apiDestinationName(bus, rule, target.id);
      const { url, method, connection } = target.http;
      // The connections of the config are applied before its rules; a reference to one that exists nowhere was refused.
      const ConnectionArn = arnOfConnection(ctx.deployment, await requireConnection(ctx, connection, 'create'));
      const wanted = { ConnectionArn, InvocationEndpoint: url, HttpMethod: method };
      const stored = await ctx.store.getDocument<ApiDestinationDefinition>('api-destination', '', Name);
      if (!stored) {
        const Description = `The http target ${target.id} of rule ${ruleLabel(bus, rule)} (eddy config)`;
        const created = (await createApiDestination(ctx, { Name, Description, ...wanted })) as { ApiDestinationArn: string };
        return { arn: created.ApiDestinationArn, changed: false };
      }
      const changes = Object.fromEntries(Object.entries(wanted).filter(([member, value]) => stored.definition[member as keyof typeof wanted] !== value));
      if (Object.keys(changes).length > 0) await updateApiDestination(ctx, { Name, ...changes });
      return { arn: arnOfApiDestination(ctx.deployment, stored), changed: Object.keys(changes).length > 0 };
    },

    async removeDestinationOf(bus, rule, target: TargetDefinition) {
      const named = apiDestinationOfArn(ctx.deployment, target.Arn);
      if (!named || named.name !== apiDestinationName(bus, rule, target.Id)) return;
      // Only the destination the ARN names: one deleted and created again under the name (another id) is not the target's.
      const stored = await ctx.store.getDocument<ApiDestinationDefinition>('api-destination', '', named.name);
      if (stored?.definition.id !== named.id) return;
      await writeApiDestination(ctx.store, named.name, ctx.clock.now(), (current) => ({
        definition: current?.definition.id === named.id ? null : (current?.definition ?? null),
        result: undefined,
      }));
    },
  };
}
