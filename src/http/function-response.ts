import { validateHeaderName, validateHeaderValue } from 'node:http';
import type { InvokeResult } from '../functions/function-runtime.js';
import type { PayloadFormat } from '../config/config-types.js';

/** What goes back to the client: status, headers (repeatable), body bytes. */
export interface AppResponse {
  status: number;
  headers: [string, string][];
  body: Buffer;
  /** Why API Gateway answered in place of the function (logged), for 5xx of its own. */
  problem?: string;
}

/** API Gateway's own JSON answers. */
export function gatewayAnswer(status: number, message: string, problem?: string): AppResponse {
  return {
    status,
    headers: [['content-type', 'application/json']],
    body: Buffer.from(JSON.stringify({ message })),
    ...(problem !== undefined && { problem }),
  };
}

/*
 * The issue asks for 502 on a function error and 504 on a timeout (the REST API's statuses). The
 * messages: "Internal Server Error" as the HTTP API writes it, and the REST API's timeout text
 * "Endpoint request timed out" (both as widely reported; the HTTP API itself answers 500 and 503).
 */
export const internalError = (problem: string) => gatewayAnswer(502, 'Internal Server Error', problem);
export const timedOut = (problem: string) => gatewayAnswer(504, 'Endpoint request timed out', problem);

/**
 * A function's result as the HTTP response API Gateway makes of it. A `{ statusCode, … }` object is a
 * full response; with payload 2.0 anything else that is JSON is the shorthand: 200, application/json,
 * the string itself or the JSON text as body. Payload 1.0 has no shorthand: a result without a
 * statusCode is a malformed response (502).
 */
export function functionResponse(result: InvokeResult, format: PayloadFormat): AppResponse {
  if (result.functionError) {
    const error = parse(result.payload) as { errorType?: string; errorMessage?: string } | undefined;
    if (error?.errorType === 'Sandbox.Timedout') return timedOut(error.errorMessage ?? 'the function timed out');
    return internalError(`the function failed: ${error?.errorType ?? 'Error'}: ${error?.errorMessage ?? result.payload}`);
  }
  const value = parse(result.payload);
  const structured = typeof value === 'object' && value !== null && !Array.isArray(value) && 'statusCode' in value;
  if (!structured) {
    if (format === '1.0') return internalError('malformed response: payload format 1.0 needs { statusCode, body }');
    const body = typeof value === 'string' ? value : result.payload;
    return { status: 200, headers: [['content-type', 'application/json']], body: Buffer.from(body) };
  }
  return structuredResponse(value as Record<string, unknown>, format);
}

function structuredResponse(out: Record<string, unknown>, format: PayloadFormat): AppResponse {
  const status = out['statusCode'];
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
    return internalError(`malformed response: statusCode ${JSON.stringify(status)} is not an HTTP status`);
  }
  const headers: [string, string][] = [];
  const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  if (out['headers'] !== undefined && out['headers'] !== null) {
    if (typeof out['headers'] !== 'object') return internalError('malformed response: headers is not an object');
    for (const [name, value] of Object.entries(out['headers'])) if (scalar(value)) headers.push([name, String(value)]);
  }
  if (out['multiValueHeaders'] !== undefined && out['multiValueHeaders'] !== null) {
    if (typeof out['multiValueHeaders'] !== 'object') return internalError('malformed response: multiValueHeaders is not an object');
    for (const [name, values] of Object.entries(out['multiValueHeaders'])) {
      if (!Array.isArray(values)) return internalError(`malformed response: multiValueHeaders.${name} is not a list`);
      // A name in both: the multi-value list replaces the single value.
      for (let i = headers.length - 1; i >= 0; i--) if (headers[i]![0].toLowerCase() === name.toLowerCase()) headers.splice(i, 1);
      for (const value of values) if (scalar(value)) headers.push([name, String(value)]);
    }
  }
  if (format === '2.0' && Array.isArray(out['cookies'])) {
    for (const cookie of out['cookies']) if (typeof cookie === 'string') headers.push(['set-cookie', cookie]);
  }
  for (const [name, value] of headers) {
    const problem = headerProblem(name, value);
    if (problem) return internalError(`malformed response: ${problem}`);
  }
  const body = out['body'];
  if (body !== undefined && body !== null && typeof body !== 'string') return internalError('malformed response: body is not a string');
  const bytes = typeof body === 'string' ? Buffer.from(body, out['isBase64Encoded'] === true ? 'base64' : 'utf8') : Buffer.alloc(0);
  return { status, headers, body: bytes };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Why a header cannot go on the wire (a name that is not a token, a value with a line break), if it cannot. */
function headerProblem(name: string, value: string): string | undefined {
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
    return undefined;
  } catch {
    return `header ${JSON.stringify(name.slice(0, 100))} is not a valid HTTP header`;
  }
}
