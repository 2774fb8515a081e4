import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { SerialPasses } from '../../shared/serial-passes.js';
import type { BusStore } from '../../storage/bus-store.js';
import type { ConnectionDefinition } from '../bus-documents.js';
import { writeConnection } from './connection-lookup.js';
import type { OAuthTokens } from './oauth-tokens.js';

export interface ConnectionAuthorizerOptions {
  /** The longest it sleeps without looking (default 60 s): the fallback that notices connections other nodes wrote. */
  readonly maxIdleMs?: number;
}

/** Connections authorized at once in one pass. */
const BATCH = 50;
/** After a storage error the authorizer looks again this much later. */
const ERROR_PAUSE_MS = 1_000;

/**
 * Authorizes OAuth connections left AUTHORIZING (CreateConnection, UpdateConnection with new
 * credentials, an authorization to try again): each is a connection document with a `dueAt`. A pass
 * reads the due ones (dueDocuments) and fetches each one's token through OAuthTokens, which records
 * AUTHORIZED or DEAUTHORIZED and clears `dueAt` (or moves it 30 s on, for a failure that may pass).
 * Two nodes may both authorize one connection: both fetch a token, the last stored wins, no harm.
 *
 * Wake-ups: `wake()` after a write in this process, a timer for the next `dueAt` (on the injected
 * clock, at most `maxIdleMs`), `start()` (what was AUTHORIZING when Eddy stopped). Passes run one at a
 * time; nothing throws out.
 */
export class ConnectionAuthorizer {
  readonly #store: BusStore;
  readonly #tokens: OAuthTokens;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #maxIdleMs: number;
  readonly #passes = new SerialPasses(() => this.#pass());

  constructor(store: BusStore, tokens: OAuthTokens, clock: Clock, logger: Logger, options: ConnectionAuthorizerOptions = {}) {
    this.#store = store;
    this.#tokens = tokens;
    this.#clock = clock;
    this.#logger = logger;
    this.#maxIdleMs = options.maxIdleMs ?? 60_000;
  }

  /** Authorizes what is due now, then keeps watching. */
  start(): void {
    this.wake();
  }

  /** Looks for due connections after the pass in progress, once however often called meanwhile. */
  wake(): void {
    this.#passes.wake();
  }

  /** Authorizes every connection due at the clock's now; resolves with how many were tried. */
  authorizeDue(): Promise<number> {
    return this.#passes.run(() => this.#pass());
  }

  close(): Promise<void> {
    return this.#passes.close();
  }

  async #pass(): Promise<number> {
    if (this.#passes.closed) return 0;
    let tried = 0;
    try {
      const due = await this.#store.dueDocuments<ConnectionDefinition>('connection', this.#clock.now(), BATCH);
      await Promise.all(
        due.map(async (connection) => {
          tried++;
          if (connection.definition.ConnectionState === 'AUTHORIZING' && connection.definition.AuthParameters?.OAuthParameters) {
            await this.#tokens.authorize(connection).catch(() => {}); // the outcome is recorded in the connection
          } else {
            // Nothing to authorize (written so by a bug or an older Eddy): no longer due.
            await writeConnection(this.#store, connection.name, this.#clock.now(), (current) => ({ definition: current?.definition ?? null, dueAt: null, result: undefined }));
          }
        }),
      );
      if (due.length === BATCH) this.wake();
      else await this.#arm();
    } catch (error) {
      this.#logger.error('bus: the connection authorizer could not read its connections; trying again in a second', error);
      this.#passes.wakeIn(ERROR_PAUSE_MS);
    }
    return tried;
  }

  async #arm(): Promise<void> {
    const due = await this.#store.nextDue('connection');
    this.#passes.wakeIn(due === undefined ? this.#maxIdleMs : Math.min(this.#maxIdleMs, due - this.#clock.now()));
  }
}
