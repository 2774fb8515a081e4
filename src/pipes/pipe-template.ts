import { evaluateJsonPath, parseInputTemplate, parseJsonPath, placeholderNames, renderTemplate, type InputTemplate, type JsonPath, type JsonValue } from '../bus/input/index.js';
import { formatEventTime } from '../bus/input/index.js';

/**
 * What reads as a placeholder in a Pipes template: `<$.json.path>` and the reserved `<aws.pipes.*>`
 * names (SEMANTICS C.10.3), and any other `<name>` of those characters, which the checks refuse.
 */
const PIPES_PLACEHOLDER = /[$A-Za-z0-9_.\-/[\]*]+/;

export const PIPES_VARIABLES: ReadonlySet<string> = new Set([
  'aws.pipes.pipe-arn',
  'aws.pipes.pipe-name',
  'aws.pipes.source-arn',
  'aws.pipes.enrichment-arn',
  'aws.pipes.target-arn',
  'aws.pipes.event.ingestion-time',
  'aws.pipes.event',
  'aws.pipes.event.json',
]);

/** The pipe a template names through its `aws.pipes.*` variables. */
export interface PipeIdentity {
  readonly arn: string;
  readonly name: string;
  readonly source: string;
  readonly enrichment?: string;
  readonly target: string;
}

/** What a pipe's InputTemplate renders one record to; undefined: the rendering is not the JSON its template promised (dropped, as EventBridge drops it). */
export type PipeTemplate = (record: JsonValue, ingestedAt: number) => string | undefined;

/** The first problem with a template's placeholders, or undefined when every one is a path Pipes reads or a reserved variable. */
export function templateProblem(text: string): string | undefined {
  for (const name of placeholderNames(parseInputTemplate(text, PIPES_PLACEHOLDER))) {
    if (name.startsWith('$') ? parseJsonPath(name) === undefined : !PIPES_VARIABLES.has(name)) return `The placeholder <${name}> is not a JSON path or a reserved variable.`;
  }
  return undefined;
}

/**
 * Compiles an InputTemplate (parsed once) for one pipe: `<$.path>` selects from the record (a path
 * that selects nothing is an empty string, as on the bus), the reserved variables name the pipe.
 */
export function compilePipeTemplate(text: string, pipe: PipeIdentity): PipeTemplate {
  const template: InputTemplate = parseInputTemplate(text, PIPES_PLACEHOLDER);
  const paths = new Map<string, JsonPath>();
  for (const name of placeholderNames(template)) {
    const path = name.startsWith('$') ? parseJsonPath(name) : undefined;
    if (path) paths.set(name, path);
  }
  return (record, ingestedAt) => {
    const rendered = renderTemplate(template, (name) => {
      const path = paths.get(name);
      if (path) return evaluateJsonPath(path, record);
      switch (name) {
        case 'aws.pipes.pipe-arn':
          return pipe.arn;
        case 'aws.pipes.pipe-name':
          return pipe.name;
        case 'aws.pipes.source-arn':
          return pipe.source;
        case 'aws.pipes.enrichment-arn':
          return pipe.enrichment ?? '';
        case 'aws.pipes.target-arn':
          return pipe.target;
        case 'aws.pipes.event.ingestion-time':
          return formatEventTime(new Date(ingestedAt));
        case 'aws.pipes.event':
        case 'aws.pipes.event.json':
          return record;
        default:
          return undefined;
      }
    });
    return rendered.kind === 'rendered' ? rendered.text : undefined;
  };
}

/** A member that is either a JSON path into the record (`$.eventName`) or a literal value. */
export function pathOrValue(text: string): (record: JsonValue) => JsonValue | undefined {
  const path = text.startsWith('$') ? parseJsonPath(text) : undefined;
  return path ? (record) => evaluateJsonPath(path, record) : () => text;
}
