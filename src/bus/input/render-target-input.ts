import { EVENTS_PLACEHOLDER_NAME, parseInputTemplate, type InputTemplate } from './input-template.js';
import { evaluateJsonPath, parseJsonPath, type JsonPath } from './json-path.js';
import { isJsonText } from './json-text.js';
import type { JsonValue } from './json-value.js';
import { renderTemplate } from './render-template.js';
import { reservedValue, RESERVED_VARIABLES, type RuleContext } from './reserved-variables.js';

/** A target's input options, as PutTargets stores them (camelCase of `Input`, `InputPath`, `InputTransformer`). */
export interface TargetInputSettings {
  readonly input?: string;
  readonly inputPath?: string;
  readonly inputTransformer?: {
    readonly inputPathsMap?: Readonly<Record<string, string>>;
    readonly inputTemplate: string;
  };
}

/**
 * What a target receives for one event.
 *
 * `deliver`: `payload` is the text to hand over; `json` says whether it is one JSON value. Only a text
 * template (`"Order <id>"`, free text) can make it false. An SQS target takes any text as the message
 * body, so it gets the payload either way. A function target is invoked with the payload as its event,
 * and Lambda refuses a payload that is not JSON (`InvalidRequestContentException`, not retried), so
 * the bus treats `json: false` as a failed delivery there (dead-letter queue, else dropped).
 *
 * `dropped`: EventBridge sends nothing — a JSON template that rendered to something that is not JSON
 * (observed on SQS targets: no message arrives), or an InputPath that selects nothing in this event
 * (what AWS sends then is unconfirmed; Eddy sends nothing rather than invent a payload).
 */
export type TargetInput =
  | { readonly outcome: 'deliver'; readonly payload: string; readonly json: boolean }
  | { readonly outcome: 'dropped'; readonly reason: 'transformed-input-not-json'; readonly rendered: string }
  | { readonly outcome: 'dropped'; readonly reason: 'input-path-selects-nothing'; readonly inputPath: string };

/** A target's input options prepared once (paths and template parsed), applied to each matching event. */
export type TargetInputRenderer = (event: object, rule: RuleContext) => TargetInput;

/**
 * Prepares what a target receives (SEMANTICS C.7.1): no option → the envelope as JSON; `Input` → that
 * text, nothing from the event; `InputPath` → the selected value as JSON (a string arrives quoted,
 * `"baz"`); `InputTransformer` → the template rendered (C.7.2). PutTargets allows one option; should
 * several reach here, `Input` wins over `InputPath` over `InputTransformer`. Paths that PutTargets would
 * refuse select nothing.
 */
export function compileTargetInput(target: TargetInputSettings): TargetInputRenderer {
  if (target.input !== undefined) {
    const delivery: TargetInput = { outcome: 'deliver', payload: target.input, json: isJsonText(target.input) };
    return () => delivery;
  }
  if (target.inputPath !== undefined) {
    const inputPath = target.inputPath;
    const path = parseJsonPath(inputPath);
    return (event) => {
      const value = path && evaluateJsonPath(path, event as JsonValue);
      return value === undefined
        ? { outcome: 'dropped', reason: 'input-path-selects-nothing', inputPath }
        : { outcome: 'deliver', payload: JSON.stringify(value), json: true };
    };
  }
  if (target.inputTransformer !== undefined) return compileTransformer(target.inputTransformer);
  return (event) => ({ outcome: 'deliver', payload: JSON.stringify(event), json: true });
}

/** What `target` receives for `event`, the envelope as the bus built it (its key order is kept). */
export function renderTargetInput(target: TargetInputSettings, event: object, rule: RuleContext): TargetInput {
  return compileTargetInput(target)(event, rule);
}

function compileTransformer(transformer: NonNullable<TargetInputSettings['inputTransformer']>): TargetInputRenderer {
  const template: InputTemplate = parseInputTemplate(transformer.inputTemplate ?? '', EVENTS_PLACEHOLDER_NAME);
  const paths = new Map<string, JsonPath | undefined>();
  for (const [name, path] of Object.entries(transformer.inputPathsMap ?? {})) {
    // Reserved names cannot be mapped (PutTargets refuses them); EventBridge's own value wins.
    if (!RESERVED_VARIABLES.has(name)) paths.set(name, parseJsonPath(path));
  }
  return (event, rule) => {
    const envelope = event as { [key: string]: JsonValue };
    const rendered = renderTemplate(template, (name) => {
      if (RESERVED_VARIABLES.has(name)) return reservedValue(name, envelope, rule);
      const path = paths.get(name);
      return path && evaluateJsonPath(path, envelope);
    });
    return rendered.kind === 'rendered'
      ? { outcome: 'deliver', payload: rendered.text, json: rendered.json }
      : { outcome: 'dropped', reason: 'transformed-input-not-json', rendered: rendered.text };
  };
}
