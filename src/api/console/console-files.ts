import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Where the console is served: the page at `/_eddy/console`, its assets under it. */
export const CONSOLE_PATH = '/_eddy/console';

// console/dist sits three levels above this module in src/api/console (tsx), dist/api/console (the build)
// and node_modules/eddy/dist/api/console (an installed package) alike.
const DIST = fileURLToPath(new URL('../../../console/dist/', import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** Only names the build writes: no slashes, no dot-dot, so nothing outside console/dist can be named. */
const ASSET_NAME = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.(html|js|css|svg|png|json)$/;

interface ConsoleFile {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
}

/**
 * The console's built files (console/dist), read once each and kept: the build is part of the package,
 * so it does not change under a running Eddy. index.html is revalidated on every load (no-cache, with
 * its ETag); the bundles it names carry a content hash in their names, so they are cached for good.
 */
export class ConsoleFiles {
  readonly #dir: string;
  readonly #cache = new Map<string, Promise<ConsoleFile | undefined>>();

  constructor(dir = DIST) {
    this.#dir = dir;
  }

  /** Whether `path` is the console's (the page, or anything under it). */
  static claims(path: string): boolean {
    return path === CONSOLE_PATH || path.startsWith(`${CONSOLE_PATH}/`);
  }

  async serve(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    req.resume();
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return answer(res, 405, { type: 'MethodNotAllowed', message: `${req.method} is not served under ${CONSOLE_PATH}` }, { allow: 'GET, HEAD' });
    }
    const name = path === CONSOLE_PATH || path === `${CONSOLE_PATH}/` ? 'index.html' : path.slice(CONSOLE_PATH.length + 1);
    const file = ASSET_NAME.test(name) ? await this.#read(name) : undefined;
    if (file === undefined) {
      const missing = name === 'index.html' ? 'The console is not built: run `npm run build` in console/' : `No console asset ${name}`;
      return answer(res, 404, { type: 'ResourceNotFoundException', message: missing });
    }
    const hashed = /\.[A-Z0-9]{8}\.(js|css)$/.test(name); // esbuild's [hash]: the name changes with the content
    const headers = {
      'content-type': file.type,
      etag: file.etag,
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    };
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': file.body.length });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  #read(name: string): Promise<ConsoleFile | undefined> {
    let file = this.#cache.get(name);
    if (file === undefined) {
      file = readFile(join(this.#dir, name)).then(
        (body) => ({ body, type: TYPES[name.slice(name.lastIndexOf('.'))]!, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` }),
        (error: NodeJS.ErrnoException) => {
          this.#cache.delete(name); // built later (a developer running the console's build): found next time
          // A name the file system cannot hold (over 255 bytes) names no file either.
          if (error.code === 'ENOENT' || error.code === 'EISDIR' || error.code === 'ENAMETOOLONG') return undefined;
          throw error;
        },
      );
      this.#cache.set(name, file);
    }
    return file;
  }
}

function answer(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
