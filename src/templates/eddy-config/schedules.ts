// AWS::Scheduler::Schedule → `schedules` (SAM's ScheduleV2 event arrives as one), AWS::Scheduler::ScheduleGroup
// mapped quietly: the config has no groups, a schedule naming one creates it (schedule-config.ts).
// SEMANTICS.md F.1–F.3. Target.RoleArn and KmsKeyArn change nothing locally and are not kept.
import type { ScheduleConfig, ScheduleTargetConfig } from '../../scheduler/config/schedule-config.js';
import type { TemplateResource } from '../cloudformation/index.js';
import type { MappingContext } from './mapping-context.js';
import { numberProperty, objectProperty, stringProperty, type ResourceMapper } from './resource-mapper.js';
import { scheduleGroupNameOf } from './resource-names.js';
import { deadLetterQueue } from './rule-targets.js';
import { arnTarget, oneOfAt, textAt } from './target-arns.js';

/** Groups are made by the schedules that name them; tags on a group change nothing locally. */
export const mapScheduleGroup: ResourceMapper = () => {};

/** Which resource took each schedule name: the config keys schedules by name alone, whatever their group. */
const scheduleOwners = new WeakMap<MappingContext, Map<string, TemplateResource>>();

export const mapSchedule: ResourceMapper = (resource, ctx) => {
  const p = resource.properties;
  const name = ctx.nameOf(resource);
  const group = groupOf(resource, ctx);
  const owners = scheduleOwners.get(ctx) ?? new Map<string, TemplateResource>();
  scheduleOwners.set(ctx, owners);
  const owner = owners.get(name);
  if (owner) {
    ctx.fail(resource, p['Name'] === undefined ? ['Type'] : ['Name'], `a schedule named ${name} is already mapped from ${owner.logicalId} (group ${groupOf(owner, ctx)}); Eddy's config holds one schedule of a name, so give one of them another Name`);
  }
  owners.set(name, resource);
  const expression = stringProperty(resource, ctx, 'ScheduleExpression', true);
  const parsed = /^(at|rate|cron)\((.*)\)$/s.exec(expression) ?? ctx.fail(resource, ['ScheduleExpression'], `ScheduleExpression must be at(…), rate(…) or cron(…), got ${JSON.stringify(expression)}`);
  const schedule = { [parsed[1]!]: parsed[2]! } as Pick<ScheduleConfig, 'at' | 'rate' | 'cron'>;
  const t = objectProperty(resource, ctx, 'Target') ?? ctx.fail(resource, ['Target'], 'Target is required');
  const target = scheduleTarget(resource, ctx, name, t);
  if (!target) return;
  const config: ScheduleConfig = { ...schedule, target };
  const timezone = stringProperty(resource, ctx, 'ScheduleExpressionTimezone');
  if (timezone !== undefined) config.timezone = timezone;
  const input = textAt(resource, ctx, t['Input'], ['Target', 'Input']);
  // Target.Input is text sent as it is; the config sends a string unchanged (schedule-config.ts).
  if (input !== undefined) config.input = input;
  if (group !== 'default') config.group = group;
  const description = stringProperty(resource, ctx, 'Description');
  if (description !== undefined) config.description = description;
  if (oneOfAt(resource, ctx, p['State'], ['State'], ['ENABLED', 'DISABLED'] as const) === 'DISABLED') config.enabled = false;
  const start = stringProperty(resource, ctx, 'StartDate');
  if (start !== undefined) config.start = start;
  const end = stringProperty(resource, ctx, 'EndDate');
  if (end !== undefined) config.end = end;
  const window = flexibleWindow(resource, ctx);
  if (window !== undefined) config.flexibleWindow = window;
  if (oneOfAt(resource, ctx, p['ActionAfterCompletion'], ['ActionAfterCompletion'], ['NONE', 'DELETE'] as const) === 'DELETE') config.deleteAfterCompletion = true;
  const retry = objectProperty(resource, ctx, '', t['RetryPolicy'], ['Target', 'RetryPolicy']);
  if (retry) {
    const attempts = numberProperty(resource, ctx, '', retry['MaximumRetryAttempts'], ['Target', 'RetryPolicy', 'MaximumRetryAttempts']);
    const age = numberProperty(resource, ctx, '', retry['MaximumEventAgeInSeconds'], ['Target', 'RetryPolicy', 'MaximumEventAgeInSeconds']);
    config.retryPolicy = { ...(attempts !== undefined && { maximumRetryAttempts: attempts }), ...(age !== undefined && { maximumEventAgeInSeconds: age }) };
  }
  const deadLetter = objectProperty(resource, ctx, '', t['DeadLetterConfig'], ['Target', 'DeadLetterConfig']);
  if (deadLetter?.['Arn'] !== undefined) config.deadLetter = { queue: deadLetterQueue(resource, ctx, deadLetter['Arn'], ['Target', 'DeadLetterConfig', 'Arn']) };
  ctx.config.schedules[name] = config;
};

/** Target.Arn as a function, queue, bus or topic; undefined (the schedule left out with a notice) for targets Eddy does not run. */
function scheduleTarget(resource: TemplateResource, ctx: MappingContext, name: string, t: Record<string, unknown>): ScheduleTargetConfig | undefined {
  const arn = t['Arn'] ?? ctx.fail(resource, ['Target', 'Arn'], 'Arn is required');
  const found = arnTarget(arn, ctx) ?? ctx.fail(resource, ['Target', 'Arn'], `Arn must be the ARN of a function, queue, bus or topic, got ${JSON.stringify(arn)}`);
  const sqs = objectProperty(resource, ctx, '', t['SqsParameters'], ['Target', 'SqsParameters']);
  const group = textAt(resource, ctx, sqs?.['MessageGroupId'], ['Target', 'SqsParameters', 'MessageGroupId']);
  const grouped = group === undefined ? {} : { messageGroupId: group };
  switch (found.kind) {
    case 'function':
      return { function: found.name };
    case 'queue':
      return { queue: found.name, ...grouped };
    case 'topic':
      return { topic: found.name, ...grouped };
    case 'bus': {
      const parameters = objectProperty(resource, ctx, '', t['EventBridgeParameters'], ['Target', 'EventBridgeParameters']);
      const source = textAt(resource, ctx, parameters?.['Source'], ['Target', 'EventBridgeParameters', 'Source']);
      const detailType = textAt(resource, ctx, parameters?.['DetailType'], ['Target', 'EventBridgeParameters', 'DetailType']);
      return { bus: found.name, ...(source !== undefined && { source }), ...(detailType !== undefined && { detailType }) };
    }
    case 'apiDestination':
      return void ctx.notice(`Schedule ${name} left out: the API destination ${found.name} is not a Scheduler target`);
    case 'unsupported':
      // Universal targets (arn:aws:scheduler:::aws-sdk:…) call any AWS API; the config's schedules take a function, queue, bus or topic.
      return void ctx.notice(`Schedule ${name} left out: ${found.what} is not a target Eddy runs`);
  }
}

/** FlexibleTimeWindow (required): OFF, or FLEXIBLE with MaximumWindowInMinutes. */
function flexibleWindow(resource: TemplateResource, ctx: MappingContext): number | undefined {
  const window = objectProperty(resource, ctx, 'FlexibleTimeWindow') ?? ctx.fail(resource, ['FlexibleTimeWindow'], 'FlexibleTimeWindow is required ({Mode: OFF} or {Mode: FLEXIBLE, MaximumWindowInMinutes})');
  // An unquoted `Mode: OFF` is YAML 1.1's false (the AWS examples quote it; a template that does not is read the same).
  const raw = window['Mode'] === false ? 'OFF' : window['Mode'];
  const mode = oneOfAt(resource, ctx, raw, ['FlexibleTimeWindow', 'Mode'], ['OFF', 'FLEXIBLE'] as const) ?? ctx.fail(resource, ['FlexibleTimeWindow', 'Mode'], 'Mode is required');
  if (mode === 'OFF') return undefined;
  return numberProperty(resource, ctx, '', window['MaximumWindowInMinutes'], ['FlexibleTimeWindow', 'MaximumWindowInMinutes']) ??
    ctx.fail(resource, ['FlexibleTimeWindow', 'MaximumWindowInMinutes'], 'MaximumWindowInMinutes is required with Mode FLEXIBLE');
}

function groupOf(resource: TemplateResource, ctx: MappingContext): string {
  const value = resource.properties['GroupName'];
  if (value === undefined) return 'default';
  const group = typeof value === 'string' ? scheduleGroupNameOf(value) : undefined;
  return group ?? ctx.fail(resource, ['GroupName'], `GroupName must be a schedule group's name, got ${JSON.stringify(value)}`);
}
