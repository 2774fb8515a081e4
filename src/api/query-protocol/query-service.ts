import { ServiceError } from '../../shared/service-error.js';
import { SignatureError } from '../sigv4/sigv4-errors.js';
import { queryRequest, unservedMessage } from '../unserved.js';
import { decodeQuery, paramTree } from './query-decoder.js';
import { encodeQueryError, encodeQueryResult } from './query-encoder.js';
import type { StructureShape } from './query-shapes.js';

/** One action of a query-protocol service: its input and output shapes and the domain call between them. */
export interface QueryOperation {
  readonly input: StructureShape;
  /** Undefined: the answer has no Result element. */
  readonly output?: StructureShape;
  /** `signed`: false for an unsigned GET (SNS's SubscribeURL), whose answers differ in places. */
  handle(input: Record<string, unknown>, request: { readonly signed: boolean }): Promise<Record<string, unknown>>;
}

/** An AWS query-protocol service (SNS; STS or IAM could follow) mounted on form `POST /`, chosen by its signing name. */
export interface QueryService {
  /** The credential scope's service, e.g. `sns`. */
  readonly signingName: string;
  /** Display name for unserved actions, e.g. `SNS`. */
  readonly name: string;
  /** The `Version` parameter its clients send, e.g. `2010-03-31`. */
  readonly version: string;
  /** The xmlns of its answers. */
  readonly namespace: string;
  readonly operations: ReadonlyMap<string, QueryOperation>;
  /** Actions answered to a GET without any signature (SNS's SubscribeURL and UnsubscribeURL). */
  readonly unsignedGetActions: ReadonlySet<string>;
  internalError(): ServiceError;
}

export interface QueryAnswer {
  readonly status: number;
  readonly body: string;
}

/** The parameters of a query request: the body's, then the URL's that are not a presigned signature's. */
export function queryParams(body: string, url: URLSearchParams): URLSearchParams {
  const params = new URLSearchParams(body);
  for (const [name, value] of url) if (!/^x-amz-/i.test(name)) params.append(name, value);
  return params;
}

/** The service's action, or the typed error AWS's query front ends answer (Version checked unless `lenientVersion`). */
export function queryOperation(service: QueryService, params: URLSearchParams, lenientVersion = false): { action: string; operation: QueryOperation } {
  const action = params.get('Action');
  const operation = action === null ? undefined : service.operations.get(action);
  if (action === null || operation === undefined) {
    throw new ServiceError('InvalidAction', unservedMessage(queryRequest(service.signingName, action)), 400);
  }
  const version = params.get('Version');
  // Wording unconfirmed; the codes are AWS's common query errors (MissingParameter, InvalidParameterValue).
  if (version === null && !lenientVersion) throw new ServiceError('MissingParameter', 'The request must contain the parameter Version.', 400);
  if (version !== null && version !== service.version) {
    throw new ServiceError('InvalidParameterValue', `Version ${version.slice(0, 40)} is not valid for this service; use ${service.version}.`, 400);
  }
  return { action, operation };
}

/** Decodes, runs and encodes one action; errors become the XML error of E.1 (a non-ServiceError is the service's 500). */
export async function answerQuery(service: QueryService, action: string, operation: QueryOperation, params: URLSearchParams, requestId: string, signed = true): Promise<QueryAnswer> {
  const input = decodeQuery(paramTree(params), operation.input);
  const result = await operation.handle(input, { signed });
  return { status: 200, body: encodeQueryResult(action, service.namespace, operation.output, result, requestId) };
}

/**
 * A ServiceError as the query front end sends it. Signature refusals take the codes the query services
 * name them by (STS/IAM/SNS common errors: InvalidClientTokenId, SignatureDoesNotMatch, IncompleteSignature,
 * MissingAuthenticationToken); their 403 for all but IncompleteSignature is unconfirmed for SNS.
 */
export function queryError(service: QueryService, error: ServiceError, requestId: string): QueryAnswer {
  let code = error.code;
  let status = error.statusCode;
  if (error instanceof SignatureError) {
    const named = SIGNATURE_CODES[code];
    if (named) [code, status] = named;
  }
  return { status, body: encodeQueryError(service.namespace, { code, message: error.message, statusCode: status }, requestId) };
}

const SIGNATURE_CODES: Readonly<Record<string, readonly [string, number]>> = {
  UnrecognizedClientException: ['InvalidClientTokenId', 403],
  InvalidSignatureException: ['SignatureDoesNotMatch', 403],
  MissingAuthenticationTokenException: ['MissingAuthenticationToken', 403],
  IncompleteSignatureException: ['IncompleteSignature', 400],
};
