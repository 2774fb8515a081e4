import type { IncomingMessage } from 'node:http';

/**
 * Why a request to the admin API is refused as coming from another web site, or undefined when it is not.
 * A page on any origin may send "simple" requests to a local Eddy — a text/plain POST needs no preflight —
 * and the admin API deletes tables and moves checkpoints. It is for this server's own console (same
 * origin) and for tools, which send no Origin; a browser names the requesting origin on every POST and
 * marks cross-site navigations and subresource loads with Sec-Fetch-Site.
 */
export function crossOriginRefusal(req: IncomingMessage): string | undefined {
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
    return undefined;
  }
  if (req.headers['sec-fetch-site'] === 'cross-site') return 'The admin API answers only its own console and tools, not a page from another site';
  return undefined;
}
