import { EVENTS_PLACEHOLDER_NAME, parseInputTemplate } from './input-template.js';
import { InvalidTargetInputError } from './invalid-target-input-error.js';
import { parseJsonPath } from './json-path.js';
import { checkJsonText } from './json-text.js';
import type { TargetInputSettings } from './render-target-input.js';
import { JSON_TEMPLATE_ONLY_VARIABLES, RESERVED_VARIABLES } from './reserved-variables.js';
import { targetInputViolations, validationErrorsMessage } from './target-input-constraints.js';

/** A target as PutTargets receives it: its `Id` and input options. */
export type TargetWithInput = TargetInputSettings & { readonly id: string };

/**
 * Checks one target's input options as PutTargets does and throws `InvalidTargetInputError` with AWS's
 * message: first the model constraints (`targetInputViolations`, all listed), then the first broken
 * rule (`targetInputProblem`). `memberPath` locates the target in the request for constraint messages.
 */
export function validateTargetInput(target: TargetWithInput, memberPath = 'targets.1.member'): void {
  const violations = targetInputViolations(target, memberPath);
  if (violations.length > 0) throw new InvalidTargetInputError(validationErrorsMessage(violations));
  const problem = targetInputProblem(target);
  if (problem !== undefined) throw new InvalidTargetInputError(problem);
}

/**
 * The first rule of PutTargets a target's input options break, in AWS's words, or undefined:
 * - more than one of Input, InputPath, InputTransformer [observed];
 * - Input that is not JSON: Jackson's location of the error [observed for a bare word];
 * - InputPath or an InputPathsMap value outside the JSONPath subset [measured by a third party];
 * - an InputTemplate placeholder neither mapped nor reserved [observed];
 * - `<aws.events.event.json>` (and, by the docs, `<aws.events.event>`) outside a JSON template [measured];
 * - a placeholder as an object key of a JSON template: the API reference forbids it; AWS's message for
 *   it is unknown, so Eddy words its own in the same style.
 * The order of these checks among themselves is Eddy's.
 */
export function targetInputProblem(target: TargetWithInput): string | undefined {
  const { id, input, inputPath, inputTransformer } = target;
  const given = [input, inputPath, inputTransformer].filter((option) => option !== undefined).length;
  if (given > 1) return `Only one of Input, InputPath, or InputTransformer must be provided for target ${id}.`;
  if (input !== undefined) {
    const check = checkJsonText(input);
    if (!check.valid) return `JSON syntax error in input for target ${id}: ${jacksonLocation(input, check.offset)}`;
  }
  if (inputPath !== undefined && !parseJsonPath(inputPath)) return `InputPath for target ${id} is invalid.`;
  if (inputTransformer === undefined) return undefined;

  const map = inputTransformer.inputPathsMap ?? {};
  for (const path of Object.values(map)) {
    if (!parseJsonPath(path)) return `InputPath for target ${id} is invalid.`;
  }
  const template = parseInputTemplate(inputTransformer.inputTemplate ?? '', EVENTS_PLACEHOLDER_NAME);
  for (const part of template.parts) {
    if (typeof part === 'string') continue;
    const { name, position } = part;
    const reserved = RESERVED_VARIABLES.has(name);
    if (!reserved && !Object.hasOwn(map, name)) return `InputTemplate for target ${id} contains invalid placeholder ${name}.`;
    if (JSON_TEMPLATE_ONLY_VARIABLES.has(name) && !template.json) {
      return `InputTemplate for target ${id} contains placeholder ${name} valid only for JSON template.`;
    }
    if (position === 'key') return `InputTemplate for target ${id} contains placeholder ${name} used as an object key.`;
  }
  return undefined;
}

/** Jackson cuts the source it quotes in a location after this many characters. */
const MAX_SOURCE_SNIPPET = 500;

/**
 * Where Jackson says a parse failed, as AWS quotes it after "JSON syntax error in input for target 1: "
 * — observed `[Source: (String)"env:dev"; line: 1, column: 4]`: the source, then the 1-based line and
 * the column just past the offending character or word.
 */
export function jacksonLocation(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  const source =
    text.length > MAX_SOURCE_SNIPPET
      ? `"${text.slice(0, MAX_SOURCE_SNIPPET)}"[truncated ${text.length - MAX_SOURCE_SNIPPET} chars]`
      : `"${text}"`;
  return `[Source: (String)${source}; line: ${line}, column: ${column}]`;
}
