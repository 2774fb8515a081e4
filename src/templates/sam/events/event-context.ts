import type { FunctionTarget } from '../function.js';
import { inherited, type TransformContext } from '../transform-context.js';
import type { TemplateObject, TemplatePath, TemplateResource } from '../types.js';

/** One event of one function, with what its expansion needs. */
export interface FunctionEvent {
  name: string;
  /** The event's `Properties`. */
  properties: TemplateObject;
  /** `F` + `E`: the id SAM gives the event's main resource. */
  logicalId: string;
  path: TemplatePath;
  target: FunctionTarget;
  resource: TemplateResource;
  context: TransformContext;
}

/** `Resource with id [F] is invalid. Event with id [E] is invalid. <detail>` (samtranslator InvalidEventException). */
export function failEvent(event: FunctionEvent, detail: string, path: TemplatePath = event.path): never {
  return event.context.fail(
    `Resource with id [${event.target.logicalId}] is invalid. Event with id [${event.name}] is invalid. ${detail}`, path,
  );
}

/** Adds a resource the event produced; it inherits the function's Condition. */
export function addEventResource(event: FunctionEvent, logicalId: string, type: string, properties: TemplateObject): void {
  event.context.add(logicalId, { ...inherited(event.resource), Type: type, Properties: properties }, event.path);
}

export function requireProperty(event: FunctionEvent, name: string): void {
  if (event.properties[name] === undefined) failEvent(event, `Missing required property '${name}'.`, [...event.path, 'Properties']);
}
