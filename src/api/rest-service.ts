import type { ServiceError } from '../shared/service-error.js';

/** A request to a REST-JSON route, as the HTTP server hands it over. */
export interface RestRequest {
  readonly method: string;
  /** The path's capture groups, URL-decoded. */
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
}

/** What a REST route answers: status, headers and a body (JSON text, or raw bytes such as a function's payload). */
export interface RestResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

export interface RestRoute {
  readonly method: string;
  readonly path: RegExp;
  /** The largest body the route takes (default the server's 16 MiB): CreateFunction's zip may be 50 MB, base64. */
  readonly maxBodyBytes?: number;
  handle(request: RestRequest): Promise<RestResponse>;
}

/** A REST-JSON service (Lambda's API): routes by method and path, and how its errors look on the wire. */
export interface RestService {
  readonly routes: readonly RestRoute[];
  /** The SigV4 signing name its requests' credential scope names. */
  readonly signingName: string;
  /** The response for a ServiceError thrown by a route. */
  errorResponse(error: ServiceError): RestResponse;
  /** The service's 500, for bugs. */
  internalError(): ServiceError;
}
