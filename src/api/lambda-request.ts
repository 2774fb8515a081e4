import { LambdaError, lambdaErrors } from '../lambda/lambda-errors.js';
import { MAX_JSON_DEPTH, jsonDepthExceeds, mayExceedDepth } from '../shared/json-depth.js';

/** A Lambda request's JSON body as an object: none is `{}`; anything but a JSON object is InvalidRequestContentException. */
export function jsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      if (mayExceedDepth(body.length) && jsonDepthExceeds(parsed)) {
        throw lambdaErrors.invalidRequestContent(`Could not parse request body into json: nested deeper than ${MAX_JSON_DEPTH} levels`);
      }
      return parsed as Record<string, unknown>;
    }
  } catch (error) {
    if (error instanceof LambdaError) throw error;
  }
  throw lambdaErrors.invalidRequestContent('Could not parse request body into json');
}

/**
 * The MaxItems query parameter of the List operations: an integer in 1–`max` (the model's range: 10000
 * for most, 50 for ListFunctionEventInvokeConfigs). The message quotes the parameter as sent, so it is
 * checked here, where the query's text still is.
 */
export function maxItems(query: URLSearchParams, max = 10_000): number | undefined {
  const text = query.get('MaxItems');
  if (text === null) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    const rule = value < 1 ? 'greater than or equal to 1' : `less than or equal to ${max}`;
    throw lambdaErrors.validation(`1 validation error detected: Value '${text}' at 'maxItems' failed to satisfy constraint: Member must have value ${rule}`);
  }
  return value;
}
