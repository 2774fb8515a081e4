import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../shared/clock.js';
import { ServiceError } from '../../shared/service-error.js';
import { ClientGoneError, readBody } from '../../shared/read-body.js';
import type { MaintenanceStateStore } from '../../storage/maintenance-state-store.js';

/** Where the console signs in (POST), learns whether it must and is (GET), and signs out (DELETE). */
export const SESSION_PATH = '/_eddy/session';
export const SESSION_ROUTES = [`GET ${SESSION_PATH}`, `POST ${SESSION_PATH}`, `DELETE ${SESSION_PATH}`] as const;

const COOKIE = 'eddy_console_session';
/** A working day: long enough not to interrupt one, short enough that a forgotten browser's cookie dies. */
const SESSION_MS = 12 * 60 * 60 * 1000;
/** Stored under the token's hash, so whoever reads the database cannot present a stored session. */
const STORED_PREFIX = 'console-session:';

/** The key pairs Eddy verifies signatures with (SigV4Verifier). */
export interface KnownKeys {
  readonly verifying: boolean;
  knows(accessKeyId: string, secretAccessKey: string): boolean;
}

interface StoredSession {
  readonly accessKeyId: string;
  readonly expiresAt: number;
}

/**
 * The console's sessions when Eddy verifies signatures (`--auth-file`). A browser cannot sign an
 * EventSource, and should not keep a secret in page script, so the console exchanges a key pair once for
 * a random token in an HttpOnly, SameSite=Strict cookie scoped to /_eddy. The admin API takes it in place
 * of a signature; the AWS endpoints never do. Sessions live in storage (the maintenance state's named
 * values, on the wall clock every node shares), so any node on the database accepts one and a sign-out
 * ends it everywhere. An expired session is deleted when it is next presented; one never presented again
 * stays as a small row.
 */
export class ConsoleSessions {
  readonly #store: MaintenanceStateStore;
  readonly #clock: Clock;
  readonly #keys: KnownKeys;

  constructor(store: MaintenanceStateStore, clock: Clock, keys: KnownKeys) {
    this.#store = store;
    this.#clock = clock;
    this.#keys = keys;
  }

  /** Whether the request carries a live session, accepted by the admin API in place of a signature. */
  async admits(req: IncomingMessage): Promise<boolean> {
    // SameSite is by site, ports ignored: a page of another local server (localhost:3000) would send the
    // cookie too. Only the console itself, same origin, uses it (a tool sends no Sec-Fetch-Site).
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') return false;
    return this.#keys.verifying && (await this.#session(req)) !== undefined;
  }

  /** Answers `GET|POST|DELETE /_eddy/session`; other methods 405. */
  async serve(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const answer = (status: number, body: unknown, cookie?: string) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        'cache-control': 'no-store',
        'x-amzn-requestid': requestId,
        ...(cookie !== undefined && { 'set-cookie': cookie }),
      });
      res.end(text);
    };
    try {
      if (req.method === 'GET') {
        req.resume();
        const session = this.#keys.verifying ? await this.#session(req) : undefined;
        return answer(200, { signaturesRequired: this.#keys.verifying, ...(session && { session: view(session) }) });
      }
      if (req.method === 'DELETE') {
        req.resume();
        const token = tokenOf(req);
        if (token !== undefined) await this.#store.put(storedName(token), undefined);
        return answer(200, {}, cookie('', 0));
      }
      if (req.method !== 'POST') {
        req.resume();
        res.setHeader('allow', 'GET, POST, DELETE');
        return answer(405, { type: 'MethodNotAllowed', message: `${req.method} ${SESSION_PATH}: sign in with POST, out with DELETE` });
      }
      const { accessKeyId, secretAccessKey } = parseSignIn(await readBody(req));
      if (!this.#keys.verifying) {
        throw new ServiceError('ValidationException', 'This Eddy verifies no signatures (it was started without --auth-file): the console needs no sign-in');
      }
      if (!this.#keys.knows(accessKeyId, secretAccessKey)) {
        throw new ServiceError('UnrecognizedClientException', 'The access key id and secret are not a key pair of the auth file this Eddy was started with', 403);
      }
      const token = randomBytes(32).toString('base64url');
      const session: StoredSession = { accessKeyId, expiresAt: this.#clock.now() + SESSION_MS };
      await this.#store.put(storedName(token), JSON.stringify(session));
      answer(200, { session: view(session) }, cookie(token, SESSION_MS / 1000));
    } catch (error) {
      if (error instanceof ClientGoneError) return;
      if (error instanceof ServiceError) return answer(error.statusCode, { type: error.code, message: error.message });
      throw error;
    }
  }

  async #session(req: IncomingMessage): Promise<StoredSession | undefined> {
    const token = tokenOf(req);
    if (token === undefined) return undefined;
    const name = storedName(token);
    const text = await this.#store.get(name);
    if (text === undefined) return undefined;
    const session = JSON.parse(text) as StoredSession;
    if (session.expiresAt > this.#clock.now()) return session;
    await this.#store.put(name, undefined);
    return undefined;
  }
}

const view = (session: StoredSession) => ({ accessKeyId: session.accessKeyId, expires: new Date(session.expiresAt).toISOString() });

const storedName = (token: string) => `${STORED_PREFIX}${createHash('sha256').update(token).digest('hex')}`;

// No Secure attribute: Eddy serves plain HTTP, where a Secure cookie would never be sent back.
const cookie = (token: string, maxAgeSeconds: number) => `${COOKIE}=${token}; Path=/_eddy; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict`;

/** The session token the Cookie header carries, when it has one of the right shape. */
function tokenOf(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

function parseSignIn(body: Buffer): { accessKeyId: string; secretAccessKey: string } {
  let input: unknown;
  try {
    input = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ServiceError('SerializationException', 'The body is not valid JSON');
  }
  const { accessKeyId, secretAccessKey } = (input ?? {}) as Record<string, unknown>;
  if (typeof accessKeyId !== 'string' || typeof secretAccessKey !== 'string' || accessKeyId === '' || secretAccessKey === '') {
    throw new ServiceError('ValidationException', 'Sign in with {"accessKeyId": "…", "secretAccessKey": "…"}: a key pair of the auth file');
  }
  return { accessKeyId, secretAccessKey };
}
