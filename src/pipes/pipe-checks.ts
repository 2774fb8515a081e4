import { maxBatchOf, sourceOf, targetOf, type PipeSource } from './pipe-endpoints.js';
import { pipesErrors } from './pipe-errors.js';
import { templateProblem } from './pipe-template.js';
import type { PipesContext } from './pipes-context.js';
import type { PipeSettings } from './pipe-definition.js';

const SOURCE_BLOCKS = { stream: 'DynamoDBStreamParameters', queue: 'SqsQueueParameters' } as const;
// A topic takes a FIFO topic's MessageGroupId / MessageDeduplicationId in SqsQueueParameters (unconfirmed: Pipes' model has no SNS block).
const TARGET_BLOCKS = { bus: 'EventBridgeEventBusParameters', queue: 'SqsQueueParameters', topic: 'SqsQueueParameters', function: 'LambdaFunctionParameters', 'api-destination': 'HttpParameters' } as const;

/**
 * What CreatePipe and UpdatePipe check beyond the model (wording ours; AWS checks some of it only
 * while the pipe is created, answering CREATE_FAILED — Eddy refuses at once): the source is a stream or
 * a queue of this Eddy that exists, with only its own parameter block; the target is a bus, queue,
 * function or API destination (one that exists) of this deployment, with only its own block; the
 * enrichment a function or an existing API destination (EnrichmentParameters.HttpParameters with a
 * function is kept and unused: an UpdatePipe from one to the other need not clear it); BatchSize
 * within the target's and the enrichment's batch limits; filter patterns valid for the pattern engine; templates' placeholders
 * paths or reserved variables.
 */
export async function checkPipeSettings(ctx: PipesContext, pipe: PipeSettings): Promise<PipeSource> {
  const source = sourceOf(ctx.deployment, pipe.Source);
  if (!source) throw pipesErrors.invalid('Source', 'Eddy reads pipes from a DynamoDB stream or an SQS queue of this account and region.');
  const exists = source.kind === 'stream' ? await ctx.streamExists(source.stream.tableName, source.stream.label) : await ctx.queueExists(source.queue);
  if (!exists) throw pipesErrors.invalid('Source', `${pipe.Source} does not exist.`);
  const params = pipe.SourceParameters ?? {};
  const own = SOURCE_BLOCKS[source.kind];
  for (const block of Object.keys(params)) {
    if (block !== 'FilterCriteria' && block !== own) throw pipesErrors.invalid(`SourceParameters.${block}`, `Not supported for source ${pipe.Source}.`);
  }
  if (source.kind === 'stream' && params[own] === undefined) throw pipesErrors.invalid(`SourceParameters.${own}`, 'Missing required parameter.');
  const filters = (params['FilterCriteria'] as { Filters?: { Pattern?: string }[] } | undefined)?.Filters ?? [];
  filters.forEach((filter, i) => {
    const member = `SourceParameters.FilterCriteria.Filters[${i}].Pattern`;
    try {
      ctx.validatePattern(filter.Pattern ?? '');
    } catch (error) {
      throw pipesErrors.invalid(member, `Invalid filter pattern: ${(error as Error).message}`);
    }
    const unsupported = unsupportedOperator(JSON.parse(filter.Pattern!) as unknown);
    if (unsupported) throw pipesErrors.invalid(member, `Pipes filters do not support anything-but with ${unsupported}.`);
  });
  const target = targetOf(ctx.deployment, pipe.Target);
  if (!target) throw pipesErrors.invalid('Target', 'Eddy delivers pipes to an event bus, an SQS queue, an SNS topic, a Lambda function or an API destination of this account and region.');
  for (const block of Object.keys(pipe.TargetParameters ?? {})) {
    if (block !== 'InputTemplate' && block !== TARGET_BLOCKS[target.kind]) throw pipesErrors.invalid(`TargetParameters.${block}`, `Not supported for target ${pipe.Target}.`);
  }
  if (target.kind === 'api-destination' && !(await ctx.apiDestinationExists(pipe.Target))) throw pipesErrors.invalid('Target', `${pipe.Target} does not exist.`);
  const enrichment = pipe.Enrichment !== undefined && pipe.Enrichment !== '' ? targetOf(ctx.deployment, pipe.Enrichment) : undefined;
  if (pipe.Enrichment !== undefined && pipe.Enrichment !== '') {
    if (enrichment?.kind !== 'function' && enrichment?.kind !== 'api-destination') {
      throw pipesErrors.invalid('Enrichment', 'Eddy enriches with a Lambda function or an API destination of this account and region.');
    }
    if (enrichment.kind === 'api-destination' && !(await ctx.apiDestinationExists(pipe.Enrichment))) throw pipesErrors.invalid('Enrichment', `${pipe.Enrichment} does not exist.`);
  }
  // The smallest batch the enrichment and the target take: an API destination takes none (1).
  const limits = [maxBatchOf(target), enrichment && maxBatchOf(enrichment)].filter((m): m is number => m !== undefined);
  const max = limits.length > 0 ? Math.min(...limits) : undefined;
  const batchSize = (params[own] as { BatchSize?: number } | undefined)?.BatchSize;
  if (max !== undefined && batchSize !== undefined && batchSize > max) {
    const by = max === maxBatchOf(target) ? `target ${pipe.Target}` : `enrichment ${pipe.Enrichment}`;
    throw pipesErrors.invalid(`SourceParameters.${own}.BatchSize`, `BatchSize must be less than or equal to ${max} for ${by}.`);
  }
  for (const [member, template] of [
    ['TargetParameters.InputTemplate', pipe.TargetParameters?.['InputTemplate']],
    ['EnrichmentParameters.InputTemplate', pipe.EnrichmentParameters?.['InputTemplate']],
  ] as const) {
    const problem = typeof template === 'string' ? templateProblem(template) : undefined;
    if (problem) throw pipesErrors.invalid(member, problem);
  }
  return source;
}

/**
 * The anything-but forms Pipes filters do not take, though bus rules do (SEMANTICS C.6.5, from the
 * Pipes filtering docs' operator table): anything-but with prefix, suffix, equals-ignore-case or wildcard.
 */
function unsupportedOperator(pattern: unknown): string | undefined {
  if (Array.isArray(pattern)) {
    for (const item of pattern) {
      const found = unsupportedOperator(item);
      if (found) return found;
    }
    return undefined;
  }
  if (pattern === null || typeof pattern !== 'object') return undefined;
  for (const [key, value] of Object.entries(pattern)) {
    if (key === 'anything-but' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const form = Object.keys(value).find((k) => ['prefix', 'suffix', 'equals-ignore-case', 'wildcard'].includes(k));
      if (form) return form;
    }
    const found = unsupportedOperator(value);
    if (found) return found;
  }
  return undefined;
}
