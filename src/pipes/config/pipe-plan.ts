import type { PipeDefinition } from '../pipe-definition.js';

type Members = Record<string, unknown>;
type Block = Record<string, unknown> | undefined;

/** What applying a config pipe over the stored one takes. */
export interface PipePlan {
  /** `source`, `filter`, `enrichment`, `target`, `description`, `enabled true → false`, `tags`: empty when nothing changed. */
  readonly changes: string[];
  /** Only a new pipe can take the change (another source or starting position, a template removed). */
  readonly recreate: boolean;
  /** Something UpdatePipe sets changed (everything but tags). */
  readonly settingsChanged: boolean;
  readonly tagsChanged: boolean;
}

/** JSON with every object's keys sorted and empty blocks left out, so equal settings compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined && !(typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

const block = (params: Block, name: string): Members => (params?.[name] as Members | undefined) ?? {};

/** A pipe's settings in the parts a config edit is told by; an emptied Enrichment or Description counts as none. */
function parts(d: Members) {
  const source = d['SourceParameters'] as Block;
  const { StartingPosition, ...stream } = block(source, 'DynamoDBStreamParameters');
  const enrichment = d['Enrichment'] || undefined;
  return {
    source: canonical({ arn: d['Source'], StartingPosition }),
    'source settings': canonical({ stream, queue: block(source, 'SqsQueueParameters') }),
    filter: canonical((block(source, 'FilterCriteria')['Filters'] as unknown[] | undefined) ?? []),
    enrichment: canonical(enrichment && { arn: enrichment, ...(d['EnrichmentParameters'] as Block) }),
    target: canonical({ arn: d['Target'], ...(d['TargetParameters'] as Block) }),
    description: canonical(d['Description'] || undefined),
  };
}

/** How the stored pipe differs from the config's request. */
export function pipeChanges(stored: PipeDefinition, wanted: Members): PipePlan {
  const [before, after] = [parts(stored as unknown as Members), parts(wanted)];
  const changes = (Object.keys(after) as (keyof typeof after)[]).filter((part) => before[part] !== after[part]).map((part) => `${part} changed`);
  const wantedState = wanted['DesiredState'] ?? 'RUNNING';
  if (stored.DesiredState !== wantedState) changes.push(`enabled ${stored.DesiredState === 'RUNNING'} → ${wantedState === 'RUNNING'}`);
  const settingsChanged = changes.length > 0;
  const tagsChanged = canonical(stored.Tags) !== canonical(wanted['Tags'] ?? {});
  if (tagsChanged) changes.push('tags changed');
  const template = (params: unknown) => (params as Block)?.['InputTemplate'];
  const dropsTemplate =
    (template(stored.TargetParameters) !== undefined && template(wanted['TargetParameters']) === undefined && stored.Target === wanted['Target']) ||
    (template(stored.EnrichmentParameters) !== undefined && template(wanted['EnrichmentParameters']) === undefined && Boolean(wanted['Enrichment']));
  return { changes, recreate: before.source !== after.source || dropsTemplate, settingsChanged, tagsChanged };
}

/** The parameter block of a target's kind, by its ARN. */
const targetBlock = (arn: string): string =>
  arn.startsWith('arn:aws:events:') ? 'EventBridgeEventBusParameters' : arn.startsWith('arn:aws:sqs:') ? 'SqsQueueParameters' : 'LambdaFunctionParameters';

/**
 * UpdatePipe's body for the config's request: every member sent, so what the config no longer has is
 * emptied (UpdatePipe keeps members not sent): no filter as an empty FilterCriteria, no enrichment as
 * Enrichment "", no description as "", each target block present (empty when the config sets none).
 * The source and StartingPosition are not sent: UpdatePipe cannot change them.
 */
export function updateBody(wanted: Members): Members {
  const { Source: _source, Tags: _tags, SourceParameters, TargetParameters, ...rest } = wanted as Members & { SourceParameters: Members; TargetParameters: Block };
  const { StartingPosition: _start, ...stream } = block(SourceParameters, 'DynamoDBStreamParameters');
  const sourceParameters: Members = { FilterCriteria: { Filters: block(SourceParameters, 'FilterCriteria')['Filters'] ?? [] } };
  if (SourceParameters['DynamoDBStreamParameters'] !== undefined) sourceParameters['DynamoDBStreamParameters'] = stream;
  else sourceParameters['SqsQueueParameters'] = block(SourceParameters, 'SqsQueueParameters');
  return {
    ...rest,
    Description: rest['Description'] ?? '',
    Enrichment: rest['Enrichment'] ?? '',
    SourceParameters: sourceParameters,
    TargetParameters: { [targetBlock(String(rest['Target']))]: {}, ...TargetParameters },
  };
}
