import { randomUUID } from 'node:crypto';
import type { Client, Notification, Pool } from 'pg';
import { backoffDelay, type ExponentialBackoff } from '../../shared/backoff.js';
import { openPgClient, query, type PgQueryable } from './pg-pool.js';

/**
 * LISTEN/NOTIFY between the Eddy nodes of one database: how a commit on one node wakes consumers on the
 * others (stream appends, closed shards, claimable deliveries …).
 *
 * One dedicated connection per engine, outside the pool (a LISTEN belongs to a session, and a pool of
 * size 1 must not lose its only connection to it), opened on the first subscribe with the pool's
 * connection options. A NOTIFY is delivered only to sessions LISTENing when it commits: whatever was
 * notified while the connection was down, or before a channel's LISTEN took effect, is lost. So after
 * each LISTEN takes effect (the first one too) the channel's subscribers are told they may have missed
 * something, and re-read what they wait on. A dropped connection (server restart, pg_terminate_backend,
 * network) is reopened with jittered exponential backoff.
 *
 * Payloads sent through `notify` (or built with `tag`) start with this node's random id and a space, so a
 * subscriber skips what its own node sent (it has told its own listeners at once, after its COMMIT).
 * Untagged payloads (a bare pg_notify) reach every subscriber.
 */
export class PostgresNotifications {
  /** This node's id in the payloads it sends: random per engine instance. */
  readonly nodeId = randomUUID();
  readonly #pool: Pool;
  readonly #backoff: ExponentialBackoff;
  readonly #channels = new Map<string, Set<Subscription>>();
  /** The channels the current connection LISTENs to. */
  readonly #listening = new Set<string>();
  #client: Client | undefined;
  /** The connect-and-LISTEN loop, while it runs. */
  #work: Promise<void> | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #failures = 0;
  #closed = false;
  #steadyWaiters: (() => void)[] = [];

  constructor(pool: Pool, backoff: ExponentialBackoff = { baseMs: 50, maxMs: 5000, jitter: 'full' }) {
    this.#pool = pool;
    this.#backoff = backoff;
  }

  /**
   * Calls `notified(payload)` (the payload without its node id) for every notification on `channel` from
   * another node, and `missed()` each time a LISTEN on it has taken effect (first subscribe, reconnect):
   * notifications sent before then are lost. Neither may throw. Returns the unsubscribe function.
   */
  subscribe(channel: string, notified: (payload: string) => void, missed: () => void = () => {}): () => void {
    if (this.#closed) return () => {};
    const subscription: Subscription = { notified, missed };
    let subscriptions = this.#channels.get(channel);
    if (!subscriptions) this.#channels.set(channel, (subscriptions = new Set()));
    subscriptions.add(subscription);
    this.#kick();
    return () => {
      const current = this.#channels.get(channel);
      if (!current?.delete(subscription) || current.size > 0) return;
      this.#channels.delete(channel);
      this.#kick();
    };
  }

  /** `payload` as `notify` sends it: prefixed with this node's id, so this node's subscribers skip it. */
  tag(payload: string): string {
    return `${this.nodeId} ${payload}`;
  }

  /** In the caller's transaction (delivered on COMMIT, dropped on ROLLBACK): notifies `channel` as this node. */
  async notify(db: PgQueryable, channel: string, payload: string): Promise<void> {
    await query(db, 'SELECT pg_notify($1, $2)', [channel, this.tag(payload)]);
  }

  /** Resolves once every subscribed channel is LISTENed on a live connection (or this is closed). */
  ready(): Promise<void> {
    if (this.#steady()) return Promise.resolve();
    return new Promise((resolve) => {
      this.#steadyWaiters.push(resolve);
      this.#kick();
    });
  }

  /** The backend process id of the LISTEN connection, while it is open (for pg_terminate_backend in tests). */
  get backendPid(): number | undefined {
    return (this.#client as { processID?: number } | undefined)?.processID ?? undefined;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#channels.clear();
    const client = this.#client;
    this.#client = undefined;
    this.#listening.clear();
    await client?.end().catch(() => {});
    await this.#work;
    this.#settleWaiters();
  }

  #steady(): boolean {
    if (this.#closed) return true;
    if (this.#channels.size === 0) return this.#work === undefined;
    if (!this.#client || this.#work !== undefined) return false;
    for (const channel of this.#channels.keys()) if (!this.#listening.has(channel)) return false;
    return this.#listening.size === this.#channels.size;
  }

  #kick(): void {
    if (this.#closed || this.#work !== undefined || this.#retryTimer !== undefined) return;
    this.#work = this.#run().finally(() => {
      this.#work = undefined;
      if (this.#steady()) this.#settleWaiters();
      else if (this.#client) this.#kick(); // a subscribe or unsubscribe arrived during the last statement
    });
  }

  /** Opens the connection if there is none, then LISTENs and UNLISTENs until it matches the subscriptions. */
  async #run(): Promise<void> {
    let client = this.#client;
    try {
      if (!client) {
        if (this.#channels.size === 0) return;
        client = await this.#connect();
        if (!client) return;
      }
      for (;;) {
        if (this.#closed || client !== this.#client) return;
        const add = [...this.#channels.keys()].find((channel) => !this.#listening.has(channel));
        if (add !== undefined) {
          await client.query(`LISTEN ${quoteIdentifier(add)}`);
          if (client !== this.#client) return;
          this.#listening.add(add);
          for (const subscription of this.#channels.get(add) ?? []) call(subscription.missed);
          continue;
        }
        const drop = [...this.#listening].find((channel) => !this.#channels.has(channel));
        if (drop === undefined) return;
        await client.query(`UNLISTEN ${quoteIdentifier(drop)}`);
        this.#listening.delete(drop);
      }
    } catch (error) {
      if (client) this.#dropped(client, error);
      else this.#retryLater();
    }
  }

  async #connect(): Promise<Client | undefined> {
    const client = await openPgClient(this.#pool, 'notifications');
    client.on('notification', (message) => this.#deliver(message));
    // A connection that fails or ends after connecting reports here; the drop reopens it.
    client.on('error', (error) => this.#dropped(client, error));
    client.on('end', () => this.#dropped(client, undefined));
    this.#client = client;
    // pg never settles connect() when end() interrupts it (close() did, or #dropped): its 'end' stands in.
    const ended = new Promise<never>((_, reject) => client.once('end', () => reject(new Error('the connection ended while opening'))));
    ended.catch(() => {});
    try {
      await Promise.race([client.connect(), ended]);
    } catch (error) {
      if (client === this.#client) this.#client = undefined;
      client.end().catch(() => {});
      throw error;
    }
    if (this.#closed || client !== this.#client) {
      await client.end().catch(() => {});
      return undefined;
    }
    this.#failures = 0;
    return client;
  }

  #deliver(message: Notification): void {
    const subscriptions = this.#channels.get(message.channel);
    if (!subscriptions) return;
    const text = message.payload ?? '';
    const space = text.indexOf(' ');
    const sender = space < 0 ? undefined : text.slice(0, space);
    if (sender === this.nodeId) return;
    const payload = sender !== undefined && UUID.test(sender) ? text.slice(space + 1) : text;
    for (const subscription of subscriptions) call(() => subscription.notified(payload));
  }

  /** The connection `client` failed or ended: forget it and, unless closing, open a new one after a pause. */
  #dropped(client: Client, _error: unknown): void {
    if (client !== this.#client) return;
    this.#client = undefined;
    this.#listening.clear();
    client.end().catch(() => {});
    this.#retryLater();
  }

  #retryLater(): void {
    if (this.#closed || this.#retryTimer !== undefined) return;
    this.#failures += 1;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#kick();
    }, backoffDelay(this.#failures, this.#backoff));
    this.#retryTimer.unref();
  }

  #settleWaiters(): void {
    const waiters = this.#steadyWaiters;
    this.#steadyWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

interface Subscription {
  readonly notified: (payload: string) => void;
  readonly missed: () => void;
}

/** Subscribers must not throw; one that does is not allowed to stop the others or the connection. */
function call(callback: () => void): void {
  try {
    callback();
  } catch {
    // its own failure
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A channel name as a quoted identifier (LISTEN takes no bind parameters). */
const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;
