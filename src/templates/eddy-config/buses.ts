// AWS::Events::EventBus → `buses`, AWS::Events::Rule → `rules` (SAM's EventBridgeRule, CloudWatchEvent and
// Schedule events arrive as rules), AWS::Events::Archive → `archives` (SEMANTICS.md C.4, C.5, C.9).
// A bus's Policy, DeadLetterConfig, KMS key and tags, and a rule's RoleArn, change nothing locally and are not kept.
import type { RuleConfig } from '../../config/bus-config-types.js';
import type { TemplateResource } from '../cloudformation/index.js';
import type { MappingContext } from './mapping-context.js';
import { numberProperty, stringProperty, type ResourceMapper } from './resource-mapper.js';
import { busNameOf } from './resource-names.js';
import { ruleTargets } from './rule-targets.js';
import { jsonObject, oneOfAt } from './target-arns.js';

const DEFAULT_BUS = 'default';

export const mapBus: ResourceMapper = (resource, ctx) => {
  const name = ctx.nameOf(resource);
  if (name === DEFAULT_BUS) ctx.fail(resource, ['Name'], 'the default bus always exists: an AWS::Events::EventBus declares a custom bus');
  if (resource.properties['EventSourceName'] !== undefined) ctx.notice(`Bus ${name}: EventSourceName (a partner event source) is not emulated; the bus takes PutEvents only`);
  const description = stringProperty(resource, ctx, 'Description');
  ctx.config.buses[name] = description === undefined ? {} : { description };
};

/** Which resource took each rule name: the config keys rules by name alone. */
const ruleOwners = new WeakMap<MappingContext, Map<string, TemplateResource>>();

export const mapRule: ResourceMapper = (resource, ctx) => {
  const p = resource.properties;
  const name = ctx.nameOf(resource);
  const bus = busOf(resource, ctx, p['EventBusName'], ['EventBusName']);
  const owners = ruleOwners.get(ctx) ?? new Map<string, TemplateResource>();
  ruleOwners.set(ctx, owners);
  const owner = owners.get(name);
  if (owner) {
    // Legal on AWS when the buses differ, but eddy.config's `rules` are keyed by name (bus-config-types.ts).
    ctx.fail(resource, p['Name'] === undefined ? ['Type'] : ['Name'], `a rule named ${name} is already mapped from ${owner.logicalId} (${ruleBus(owner, ctx)} bus); Eddy's config holds one rule of a name, so give one of them another Name`);
  }
  owners.set(name, resource);
  const rule: RuleConfig = {};
  if (bus !== DEFAULT_BUS) rule.bus = bus;
  if (p['EventPattern'] !== undefined) rule.pattern = jsonObject(resource, ctx, p['EventPattern'], ['EventPattern']);
  const schedule = stringProperty(resource, ctx, 'ScheduleExpression');
  if (schedule !== undefined) rule.schedule = schedule;
  // PutRule: "ScheduleExpression is supported only on the default event bus." (SEMANTICS.md C.5)
  if (schedule !== undefined && bus !== DEFAULT_BUS) ctx.fail(resource, ['ScheduleExpression'], `ScheduleExpression is supported only on the default event bus, and this rule is on ${bus}`);
  if (rule.pattern === undefined && schedule === undefined) ctx.fail(resource, [], 'a rule needs an EventPattern, a ScheduleExpression or both');
  const state = oneOfAt(resource, ctx, p['State'], ['State'], ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'] as const);
  if (state === 'DISABLED') rule.enabled = false;
  const description = stringProperty(resource, ctx, 'Description');
  if (description !== undefined) rule.description = description;
  const targets = ruleTargets(resource, ctx, name);
  if (targets.length > 0) rule.targets = targets;
  ctx.config.rules[name] = rule;
};

export const mapArchive: ResourceMapper = (resource, ctx) => {
  const p = resource.properties;
  const source = stringProperty(resource, ctx, 'SourceArn', true);
  const bus = (source.startsWith('arn:') ? busNameOf(source) : undefined) ??
    ctx.fail(resource, ['SourceArn'], `SourceArn must be an event bus's ARN, got ${JSON.stringify(source)}`);
  const retentionDays = numberProperty(resource, ctx, 'RetentionDays');
  const description = stringProperty(resource, ctx, 'Description');
  ctx.config.archives[ctx.nameOf(resource)] = {
    bus,
    ...(p['EventPattern'] !== undefined && { pattern: jsonObject(resource, ctx, p['EventPattern'], ['EventPattern']) }),
    ...(retentionDays !== undefined && { retentionDays }),
    ...(description !== undefined && { description }),
  };
};

/** A rule's EventBusName: a bus's name or ARN (default `default`). */
function busOf(resource: TemplateResource, ctx: MappingContext, value: unknown, path: string[]): string {
  if (value === undefined) return DEFAULT_BUS;
  const bus = typeof value === 'string' ? busNameOf(value) : undefined;
  return bus ?? ctx.fail(resource, path, `EventBusName must be a bus's name or ARN, got ${JSON.stringify(value)}`);
}

function ruleBus(resource: TemplateResource, ctx: MappingContext): string {
  const value = resource.properties['EventBusName'];
  return value === undefined ? DEFAULT_BUS : busOf(resource, ctx, value, ['EventBusName']);
}
