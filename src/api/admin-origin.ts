import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * The Host names a browser may reach the admin API and the console by (and the AWS APIs, when its request
 * names no origin: cors.ts). A page on another origin is kept out by the Origin check, but DNS rebinding
 * defeats it: evil.example, re-resolved to 127.0.0.1, is then same-origin with itself and talks to Eddy
 * with Origin == Host == evil.example. Its Host header still names evil.example, so a browser request is
 * answered only under a name that cannot be rebound: an IP literal (the browser's origin is then the
 * address itself), localhost and *.localhost (browsers resolve them to loopback without DNS), the host
 * Eddy binds, and the names given with `--console-host`.
 */
export class ConsoleHosts {
  readonly #names: ReadonlySet<string>;

  constructor(bound: string, names: readonly string[] = []) {
    this.#names = new Set([bound, ...names].map((name) => name.toLowerCase()));
  }

  /** Whether a Host header (`name[:port]`, `[v6]:port`) names this server in a way DNS cannot rebind. */
  allows(hostHeader: string | undefined): boolean {
    if (hostHeader === undefined) return false;
    const name = hostName(hostHeader);
    if (name === undefined) return false;
    return isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost') || this.#names.has(name);
  }
}

/** The name of a Host header without its port, lower case; undefined when it is not a host. */
function hostName(header: string): string | undefined {
  let host: string;
  try {
    host = new URL(`http://${header}`).hostname;
  } catch {
    return undefined;
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return host.replace(/\.$/, '').toLowerCase();
}

/**
 * Whether a browser sent the request: tools (curl, the CLI, SDKs) send neither header. Not Sec-Fetch-Mode:
 * Node's fetch, which the eddy commands use, sends it (as `cors`) to whatever name --endpoint gives.
 */
function fromBrowser(req: IncomingMessage): boolean {
  return req.headers.origin !== undefined || req.headers['sec-fetch-site'] !== undefined;
}

/** Why a browser's request is refused for the Host it names (see ConsoleHosts), or undefined. */
export function hostRefusal(req: IncomingMessage, hosts: ConsoleHosts, always = false): string | undefined {
  if (!always && !fromBrowser(req)) return undefined;
  if (hosts.allows(req.headers.host)) return undefined;
  const name = hostName(req.headers.host ?? '') ?? req.headers.host ?? '';
  return `Eddy answers browsers only at localhost, an IP address or a name given with --console-host, not at ${name || 'a request without a Host'}: start Eddy with --console-host ${name || 'NAME'} to allow it`;
}

/**
 * Why a request to the admin API is refused as coming from another web site, or undefined when it is not.
 * A page on any origin may send "simple" requests to a local Eddy — a text/plain POST needs no preflight —
 * and the admin API deletes tables and moves checkpoints. It is for this server's own console (same
 * origin) and for tools, which send no Origin; a browser names the requesting origin on every POST and
 * marks cross-site navigations and subresource loads with Sec-Fetch-Site.
 */
export function crossOriginRefusal(req: IncomingMessage, hosts: ConsoleHosts): string | undefined {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      host = undefined; // 'null' (a sandboxed page, a file) or garbage
    }
    if (host === undefined || host.toLowerCase() !== (req.headers.host ?? '').toLowerCase()) {
      return `The admin API answers only its own console and tools, not a page from ${origin}`;
    }
  } else if (req.headers['sec-fetch-site'] === 'cross-site') {
    return 'The admin API answers only its own console and tools, not a page from another site';
  }
  return hostRefusal(req, hosts);
}
