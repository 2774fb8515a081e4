// An AWS::Events::Rule's Targets → the config's TargetConfig (bus-config-types.ts; PutTargets' Target,
// SEMANTICS.md C.7). A target Eddy cannot deliver to (Step Functions, Kinesis, ECS, a type not emulated) is
// left out with a notice; the rule keeps its other targets.
import type { TargetConfig, TargetOptions } from '../../config/bus-config-types.js';
import type { TemplateResource } from '../cloudformation/index.js';
import { apiDestinationEndpoint } from './connections.js';
import type { MappingContext } from './mapping-context.js';
import { listProperty, numberProperty, objectProperty } from './resource-mapper.js';
import { queueNameOf } from './resource-names.js';
import { arnTarget, textAt } from './target-arns.js';

/** The rule's targets that Eddy runs, in template order. */
export function ruleTargets(resource: TemplateResource, ctx: MappingContext, rule: string): TargetConfig[] {
  const targets: TargetConfig[] = [];
  (listProperty(resource, ctx, 'Targets') ?? []).forEach((raw, i) => {
    const target = ruleTarget(resource, ctx, rule, raw, ['Targets', i]);
    if (target) targets.push(target);
  });
  return targets;
}

function ruleTarget(resource: TemplateResource, ctx: MappingContext, rule: string, raw: unknown, path: (string | number)[]): TargetConfig | undefined {
  const t = objectProperty(resource, ctx, '', raw, path)!;
  const at = (...keys: string[]) => [...path, ...keys];
  const id = typeof t['Id'] === 'string' ? t['Id'] : String(path.at(-1));
  const arn = t['Arn'] ?? ctx.fail(resource, at('Arn'), 'Arn is required');
  const found = arnTarget(arn, ctx) ?? ctx.fail(resource, at('Arn'), `Arn must be the ARN of a function, queue, bus, topic or API destination, got ${JSON.stringify(arn)}`);
  const skip = (why: string): undefined => void ctx.notice(`Rule ${rule}: target ${id} left out: ${why}`);
  const options = targetOptions(resource, ctx, t, path);
  const group = objectProperty(resource, ctx, '', t['SqsParameters'], at('SqsParameters'))?.['MessageGroupId'];
  const messageGroupId = textAt(resource, ctx, group, at('SqsParameters', 'MessageGroupId'));
  const grouped = messageGroupId === undefined ? {} : { messageGroupId };
  switch (found.kind) {
    case 'unsupported':
      return skip(`${found.what} is not a target Eddy delivers to`);
    case 'function':
      return { function: found.name, ...options };
    case 'bus':
      return { bus: found.name, ...options };
    case 'queue':
      return { queue: found.name, ...grouped, ...options };
    case 'topic':
      return { topic: found.name, ...grouped, ...options };
    case 'apiDestination': {
      const http = apiDestinationEndpoint(ctx, found.name);
      if (!http) return skip(`the API destination ${found.name} is not in the template (a rule's http target needs its url and connection)`);
      if (t['HttpParameters'] !== undefined) ctx.notice(`Rule ${rule}: target ${id}: HttpParameters (path parameters, headers, query) are not sent by Eddy's rule targets`);
      return { http, ...options };
    }
  }
}

/** Input (JSON text → its value), InputPath, InputTransformer, RetryPolicy and DeadLetterConfig. */
function targetOptions(resource: TemplateResource, ctx: MappingContext, t: Record<string, unknown>, path: (string | number)[]): TargetOptions {
  const at = (...keys: string[]) => [...path, ...keys];
  const options: TargetOptions = {};
  const input = textAt(resource, ctx, t['Input'], at('Input'));
  if (input !== undefined) {
    try {
      options.input = JSON.parse(input);
    } catch {
      // PutTargets: "Valid JSON text passed to the target" (botocore events Target.Input).
      ctx.fail(resource, at('Input'), `Input must be valid JSON text, got ${JSON.stringify(input)}`);
    }
  }
  const inputPath = textAt(resource, ctx, t['InputPath'], at('InputPath'));
  if (inputPath !== undefined) options.inputPath = inputPath;
  const transformer = objectProperty(resource, ctx, '', t['InputTransformer'], at('InputTransformer'));
  if (transformer) {
    const inputTemplate = textAt(resource, ctx, transformer['InputTemplate'], at('InputTransformer', 'InputTemplate')) ??
      ctx.fail(resource, at('InputTransformer', 'InputTemplate'), 'InputTemplate is required');
    const map = objectProperty(resource, ctx, '', transformer['InputPathsMap'], at('InputTransformer', 'InputPathsMap'));
    options.inputTransformer = { ...(map && { inputPaths: map as Record<string, string> }), inputTemplate };
  }
  const retry = objectProperty(resource, ctx, '', t['RetryPolicy'], at('RetryPolicy'));
  if (retry) {
    const attempts = numberProperty(resource, ctx, '', retry['MaximumRetryAttempts'], at('RetryPolicy', 'MaximumRetryAttempts'));
    const age = numberProperty(resource, ctx, '', retry['MaximumEventAgeInSeconds'], at('RetryPolicy', 'MaximumEventAgeInSeconds'));
    options.retryPolicy = { ...(attempts !== undefined && { maximumRetryAttempts: attempts }), ...(age !== undefined && { maximumEventAge: age }) };
  }
  const deadLetter = objectProperty(resource, ctx, '', t['DeadLetterConfig'], at('DeadLetterConfig'));
  if (deadLetter?.['Arn'] !== undefined) options.deadLetter = { queue: deadLetterQueue(resource, ctx, deadLetter['Arn'], at('DeadLetterConfig', 'Arn')) };
  return options;
}

/** A DeadLetterConfig.Arn: an SQS queue's ARN (EventBridge's and Scheduler's dead-letter queues are queues). */
export function deadLetterQueue(resource: TemplateResource, ctx: MappingContext, arn: unknown, path: (string | number)[]): string {
  const queue = typeof arn === 'string' && arn.startsWith('arn:') ? queueNameOf(arn) : undefined;
  return queue ?? ctx.fail(resource, path, `Arn must be an SQS queue's ARN, got ${JSON.stringify(arn)}`);
}
