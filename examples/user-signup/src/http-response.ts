import type { HttpEvent, HttpResult } from './lambda-types.js';

/** A client error: the handler answers `{ "message": … }` with this status instead of failing. */
export class HttpError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export function json(statusCode: number, body: unknown): HttpResult {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/**
 * Wraps a route handler: an HttpError becomes its JSON answer; anything else is a bug and propagates,
 * so API Gateway (and Eddy) answer 502 and the log shows the stack.
 */
export function route(handler: (event: HttpEvent) => Promise<HttpResult>): (event: HttpEvent) => Promise<HttpResult> {
  return async (event) => {
    try {
      return await handler(event);
    } catch (error) {
      if (error instanceof HttpError) return json(error.status, { message: error.message });
      throw error;
    }
  };
}

/** The request body as a JSON object, or a 400. */
export function jsonBody(event: HttpEvent): Record<string, unknown> {
  const text = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'The request body must be a JSON object');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'The request body must be a JSON object');
  return value as Record<string, unknown>;
}

/** A path parameter the route guarantees. */
export function pathParameter(event: HttpEvent, name: string): string {
  const value = event.pathParameters?.[name];
  if (value === undefined) throw new Error(`route ${event.routeKey} has no path parameter ${name}`);
  return value;
}
