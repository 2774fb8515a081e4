import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../shared/logger.js';
import { ConsoleHosts, hostRefusal } from './admin-origin.js';
import { SignatureError } from './sigv4/sigv4-errors.js';

/**
 * DynamoDB's list (as ScyllaDB's Alternator copied it from AWS's answers; the coral front ends of
 * ACM and CodeBuild send the same), plus the headers a browser client of Eddy's other services on
 * this port needs: x-amz-crc32, and Lambda's Invoke answers.
 */
const EXPOSE_HEADERS =
  'x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date,x-amz-crc32,x-amz-function-error,x-amz-log-result,x-amz-executed-version';

/** Two days, as AWS's coral front ends and dynalite answer preflights. */
const MAX_AGE_SECONDS = '172800';

/**
 * CORS as DynamoDB answers browsers: `*`, no credentials (the SDK signs every request itself). Set on
 * every answer to a request whose page may call (AllowedOrigins), before it is written.
 */
export function allowOrigin(res: ServerResponse): void {
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('access-control-expose-headers', EXPOSE_HEADERS);
}

/**
 * A preflight (OPTIONS): 200 with no body, allowing what it asks for — the requested method and
 * headers are echoed back, as DynamoDB does (dynalite and Alternator record the same), and the
 * answer may be cached. Without an Origin it is a plain empty 200. For a page that may not call
 * (AllowedOrigins) it is 403, allowing nothing, with the reason as text for the browser's network tab.
 */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, requestId: string, refusal?: string): void {
  req.resume();
  if (refusal !== undefined) {
    res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(refusal), 'x-amzn-requestid': requestId });
    res.end(refusal);
    return;
  }
  const headers: Record<string, string> = { 'content-length': '0', 'x-amzn-requestid': requestId };
  if (req.headers.origin !== undefined) {
    const method = req.headers['access-control-request-method'];
    const requested = req.headers['access-control-request-headers'];
    if (method) headers['access-control-allow-methods'] = method;
    if (requested) headers['access-control-allow-headers'] = requested;
    headers['access-control-max-age'] = MAX_AGE_SECONDS;
  }
  res.writeHead(200, headers);
  res.end();
}

/**
 * Which web pages may call the AWS APIs on this port. DynamoDB answers any origin (the SDK signs every
 * request), and so did Eddy; but without --auth-file any well-formed signature passes, so any page the
 * developer visits could delete a local table through a preflighted fetch — or without one: a form or
 * text/plain POST whose query looks presigned runs before CORS is consulted, as CORS only hides answers.
 * So a browser is answered only for a page on loopback (`localhost`, `*.localhost`, `127.x.x.x`, `[::1]`,
 * any port, http or https), for this server's own pages (the console, at a Host that cannot be rebound:
 * admin-origin.ts), and for the origins given with `--cors-origin` (`*`: any, as before). Tools (SDKs, the
 * CLI, boto3) send no Origin and are never refused. With signatures verified, a page cannot sign without
 * a configured key pair: any origin is then allowed unless origins are listed.
 */
export class AllowedOrigins {
  readonly #any: boolean;
  readonly #listed: ReadonlySet<string>;
  readonly #hosts: ConsoleHosts;

  constructor(options: { origins?: readonly string[] | undefined; signed: boolean; hosts?: ConsoleHosts | undefined; logger?: Logger }) {
    const listed = new Set<string>();
    for (const origin of options.origins ?? []) {
      const normal = normalizedOrigin(origin);
      if (normal === undefined) options.logger?.warn(`--cors-origin ${origin} is ignored: an origin is scheme://host[:port], or * for any`);
      else listed.add(normal);
    }
    this.#any = listed.has('*') || ((options.origins ?? []).length === 0 && options.signed);
    this.#listed = listed;
    this.#hosts = options.hosts ?? new ConsoleHosts('127.0.0.1');
  }

  /** Why the page that sent a request may not call the AWS APIs, or undefined when it may (or no page sent it). */
  refusal(req: IncomingMessage): string | undefined {
    if (this.#any) return undefined;
    const origin = req.headers.origin;
    if (origin === undefined) {
      // A GET without CORS (an <img>, a link, a GET form) names no origin, but the browser says whose it is.
      const site = req.headers['sec-fetch-site'];
      if (site === undefined || site === 'none') return undefined; // a tool, or the developer typing the URL
      if (site === 'cross-site') return `${ANSWERED}, not a page of another site`;
      return hostRefusal(req, this.#hosts); // same-origin under a name DNS rebinding can give
    }
    const page = webOrigin(origin);
    if (page && (isLoopback(page.hostname) || this.#listed.has(page.origin) || this.#isOwn(page.host, req.headers.host))) return undefined;
    if (page) return `${ANSWERED}, not ${page.origin}: start Eddy with --cors-origin ${page.origin} to allow it`;
    if (origin !== 'null' && this.#listed.has(origin.toLowerCase())) return undefined; // a listed origin of another scheme (an extension's)
    return `${ANSWERED}, not a page whose origin is ${JSON.stringify(origin.slice(0, 200))} (a sandboxed frame or a file sends null): only --cors-origin '*' allows it`;
  }

  /** Refuses a request from a page that may not call the AWS APIs, before it does anything (as a front end refuses a signature). */
  check(req: IncomingMessage): void {
    const refusal = this.refusal(req);
    if (refusal !== undefined) throw new SignatureError('com.amazon.coral.service#AccessDeniedException', refusal, 403);
  }

  /** The page is this server's own (the console): same origin, at a Host name DNS rebinding cannot give. */
  #isOwn(originHost: string, hostHeader: string | undefined): boolean {
    return hostHeader !== undefined && originHost === hostHeader.toLowerCase() && this.#hosts.allows(hostHeader);
  }
}

const ANSWERED = "Eddy's AWS APIs answer web pages only from localhost, their own console and the origins given with --cors-origin";

/**
 * `value` as browsers send it in Origin (`https://app.example`: scheme and host lower case, no default port,
 * no path), `*` as is; undefined when it is neither. Schemes other than http(s) (a browser extension's) are
 * kept as given, lower case.
 */
export function normalizedOrigin(value: string): string | undefined {
  const text = value.trim();
  if (text === '*') return '*';
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/?#@\s]+\/?$/i.test(text)) return undefined;
  return webOrigin(text)?.origin ?? (/^https?:/i.test(text) ? undefined : text.replace(/\/$/, '').toLowerCase());
}

/** An http(s) origin, parsed; undefined for anything else ('null', garbage, other schemes). */
function webOrigin(value: string): URL | undefined {
  if (!/^https?:\/\//i.test(value)) return undefined;
  try {
    const url = new URL(value);
    return url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && url.password === '' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Names browsers resolve to this machine without asking DNS (RFC 6761's localhost), and loopback addresses. */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
