import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../shared/logger.js';
import type { RequestMetrics } from '../metrics/request-metrics.js';
import type { AdminFeed, AdminRoute } from './admin-api.js';
import type { ConsoleAccess } from './console/console-access.js';
import type { JsonService } from './json-service.js';
import type { QueryService } from './query-protocol/query-service.js';
import type { RestService } from './rest-service.js';
import type { SigV4Verifier } from './sigv4/sigv4-verifier.js';

/** What HttpServer serves and how (http-server.ts). */
export interface HttpServerOptions {
  services: readonly JsonService[];
  /** REST-JSON services (Lambda), matched by method and path before the JSON services. */
  restServices?: readonly RestService[];
  /** AWS query-protocol services (SNS) on form `POST /` and `GET /?Action=`, by their signing name. */
  queryServices?: readonly QueryService[];
  /** Feeds by path pattern; the pattern's capture groups become `params` (URL-decoded). */
  adminFeeds?: readonly { path: RegExp; feed: AdminFeed }[];
  /** Admin routes by `METHOD /path` (e.g. `POST /_eddy/streams/trim`); signed only when `signatures` verifies. */
  adminRoutes?: Readonly<Record<string, AdminRoute>>;
  logger: Logger;
  /** Plain-text answer to `GET /`. */
  healthText: string;
  /**
   * How long a client may take to send a whole request, headers and body (default 60 s); past it
   * node:http answers 408 and closes the connection, so slow clients cannot hold sockets forever.
   * Answers may take longer (long polls, invocations).
   */
  requestTimeoutMs?: number;
  /** Files anyone may GET unsigned under `prefix` (the SNS signing certificate at its SigningCertURL); `read` answers undefined for 404. */
  publicFiles?: { readonly prefix: string; read(path: string): Promise<{ contentType: string; body: string } | undefined> };
  /** Checks each AWS request's SigV4 signature: its form always, its value (and admin requests') when credentials are configured (default: form only). */
  signatures?: SigV4Verifier;
  /** Counts requests by operation and status, and answers `GET /_eddy/metrics` with `scrape` (src/metrics). */
  metrics?: { readonly requests: RequestMetrics; scrape(): Promise<string> };
  /** The Host names browsers may use, and the console's sessions (in place of signatures, admin API only). */
  consoleAccess?: ConsoleAccess;
  /** Origins web pages may call the AWS APIs from besides loopback and the console (`*`: any); default none, or any when signatures are verified (cors.ts). */
  corsOrigins?: readonly string[];
  /** A request process's (src/processes): takes a request it does not answer itself to the primary (true), before anything here looks at it. */
  forward?: (req: IncomingMessage, res: ServerResponse) => boolean;
}
