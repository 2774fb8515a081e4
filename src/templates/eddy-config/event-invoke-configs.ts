// AWS::Lambda::EventInvokeConfig → the function's `asyncInvoke`, and a function's DeadLetterConfig → its
// `deadLetter` (SEMANTICS.md D.3, G.3 "Event invoke config", H.1; SAM's EventInvokeConfig and
// DeadLetterQueue arrive as these, src/templates/sam). Config functions are not published: a config of
// the function's alias (SAM's AutoPublishAlias) or of $LATEST applies to the function itself.
import type { AsyncDestinationConfig, AsyncInvokeConfig } from '../../config/config-types.js';
import type { TemplateResource } from '../cloudformation/index.js';
import type { MappingContext } from './mapping-context.js';
import { numberProperty, objectProperty, stringProperty, type ResourceMapper } from './resource-mapper.js';
import { arnService, functionNameOf } from './resource-names.js';
import { arnTarget } from './target-arns.js';

/** Which EventInvokeConfig set each function's asyncInvoke, per mapping: a second one for the same function is refused. */
const configured = new WeakMap<MappingContext, Map<string, string>>();

export const mapEventInvokeConfig: ResourceMapper = (resource, ctx) => {
  const functionText = stringProperty(resource, ctx, 'FunctionName', true);
  const name = functionNameOf(functionText) ?? ctx.fail(resource, ['FunctionName'], `FunctionName must name a function (its name or ARN), got ${JSON.stringify(functionText)}`);
  const qualifier = stringProperty(resource, ctx, 'Qualifier', true);
  const settings: AsyncInvokeConfig = {};
  const retries = numberProperty(resource, ctx, 'MaximumRetryAttempts');
  if (retries !== undefined) settings.maximumRetryAttempts = retries;
  const age = numberProperty(resource, ctx, 'MaximumEventAgeInSeconds');
  if (age !== undefined) settings.maximumEventAge = age;
  const destinations = objectProperty(resource, ctx, 'DestinationConfig');
  for (const outcome of ['OnSuccess', 'OnFailure'] as const) {
    const entry = objectProperty(resource, ctx, outcome, destinations?.[outcome], ['DestinationConfig', outcome]);
    if (entry?.['Destination'] === undefined) continue;
    settings[outcome === 'OnSuccess' ? 'onSuccess' : 'onFailure'] = destinationOf(resource, ctx, entry['Destination'], ['DestinationConfig', outcome, 'Destination'], ['queue', 'topic', 'function', 'bus']);
  }
  ctx.later(() => {
    const fn = ctx.config.functions[name] ?? ctx.fail(resource, ['FunctionName'], `function ${name} is not a function of this template (Eddy applies an EventInvokeConfig to the template's own functions)`);
    let byFunction = configured.get(ctx);
    if (byFunction === undefined) configured.set(ctx, (byFunction = new Map()));
    const first = byFunction.get(name);
    if (first !== undefined) {
      ctx.fail(resource, ['Qualifier'], `function ${name} already has the EventInvokeConfig ${first}: Eddy runs one version of a template's function, so it takes one EventInvokeConfig per function`);
    }
    byFunction.set(name, resource.logicalId);
    if (qualifier !== '$LATEST' && !isAliasOf(ctx, name, qualifier)) {
      ctx.notice(`EventInvokeConfig ${resource.logicalId}: the settings of ${name}:${qualifier} apply to function ${name} itself (Eddy does not publish versions of a template's functions)`);
    }
    fn.asyncInvoke = settings;
  });
};

/** A function's DeadLetterConfig.TargetArn (an SQS queue or SNS topic) → its `deadLetter`; run after mapFunction. */
export const mapDeadLetterConfig: ResourceMapper = (resource, ctx) => {
  const config = objectProperty(resource, ctx, 'DeadLetterConfig');
  if (config?.['TargetArn'] === undefined) return;
  const target = destinationOf(resource, ctx, config['TargetArn'], ['DeadLetterConfig', 'TargetArn'], ['queue', 'topic']) as { queue: string } | { topic: string };
  const fn = ctx.config.functions[ctx.nameOf(resource)];
  if (fn !== undefined) fn.deadLetter = target;
};

/** Whether the template has an alias `alias` of function `name` (SAM's AutoPublishAlias makes one). */
function isAliasOf(ctx: MappingContext, name: string, alias: string): boolean {
  return ctx.template.resources.some(
    (r) => r.type === 'AWS::Lambda::Alias' && r.properties['Name'] === alias && typeof r.properties['FunctionName'] === 'string' && functionNameOf(r.properties['FunctionName']) === name,
  );
}

type Kind = 'queue' | 'topic' | 'function' | 'bus';

/** A destination ARN → the config's `{ queue } | { topic } | { function } | { bus }`, or a failure naming what it is. */
function destinationOf(resource: TemplateResource, ctx: MappingContext, value: unknown, path: (string | number)[], kinds: readonly Kind[]): AsyncDestinationConfig {
  const what = kinds.length === 2 ? "an SQS queue's or SNS topic's ARN" : 'the ARN of an SQS queue, SNS topic, Lambda function or EventBridge bus';
  if (typeof value === 'string' && arnService(value) === 's3') return ctx.fail(resource, path, `${path.at(-1)} names the S3 bucket ${value}, and Eddy does not serve S3: use ${what}`);
  const target = arnTarget(value, ctx);
  if (target?.kind === 'unsupported') return ctx.fail(resource, path, `${path.at(-1)} names ${target.what}: use ${what}`);
  if (target === undefined || !(kinds as readonly string[]).includes(target.kind)) return ctx.fail(resource, path, `${path.at(-1)} must be ${what}, got ${JSON.stringify(value)}`);
  return { [target.kind]: target.name } as AsyncDestinationConfig;
}
