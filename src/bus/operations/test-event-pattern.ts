import type { BusContext } from '../bus-context.js';
import { busErrors } from '../bus-errors.js';
import { checkEventPattern } from '../rule-checks.js';
import { eventPattern } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { required, string, structure } from '../validation/shapes.js';

const shape = structure({ EventPattern: required(eventPattern), Event: required(string()) });

/** The envelope fields an Event must carry (observed: `resources` may be left out, though the docs list it). */
const ENVELOPE = ['id', 'account', 'source', 'time', 'region', 'detail-type'];

/**
 * TestEventPattern: whether the event matches the pattern. The pattern is checked first
 * (InvalidEventPatternException); an Event that is not a JSON object carrying the envelope fields is
 * `ValidationException: Parameter Event is not valid.` (observed).
 */
export async function testEventPattern(_ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const request = checkRequest<{ EventPattern: string; Event: string }>(input, shape);
  const pattern = checkEventPattern(request.EventPattern);
  const event = parseEvent(request.Event);
  return { Result: pattern.matches(event) };
}

function parseEvent(text: string): Record<string, unknown> {
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    event = undefined;
  }
  const valid = typeof event === 'object' && event !== null && !Array.isArray(event) && ENVELOPE.every((field) => Object.hasOwn(event, field));
  if (!valid) throw busErrors.validation('Parameter Event is not valid.');
  return event as Record<string, unknown>;
}
