// The crash soak's write load. Each writer owns a slice of the keys and sends one request at a time, so
// the changes to one key have a total order on the client: version 1, 2, 3… of that key, each change
// writing its version into the item (`v`). Every request's outcome is kept: acknowledged (HTTP 200),
// refused (another status), or in flight (no answer: the server died under it, so it may or may not
// have happened).
import { RefusedError } from './json-client.mjs';

/** Seeded PRNG (mulberry32): the same seed gives every writer the same choices. @param {number} seed */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * @typedef {'put' | 'update' | 'delete'} OpKind
 * @typedef {{ key: string, version: number, kind: OpKind, item?: Record<string, any>, request: WriteRequest }} Op
 * @typedef {object} WriteRequest  one HTTP request: one op, or the ops of a TransactWriteItems
 * @property {number} id
 * @property {number} period  the number of kills before it was made
 * @property {string} action  PutItem, UpdateItem, DeleteItem or TransactWriteItems
 * @property {Op[]} ops
 * @property {'pending' | 'acked' | 'refused' | 'in-flight'} status
 * @property {number} [kill]  in flight: the kill (1, 2, …) it was caught by; 0 when no kill was under way
 * @property {string} [error]
 */

/** The item after `op`, from the item before it (undefined: no item). Numbers are kept as strings. */
export function applyOp(state, op) {
  if (op.kind === 'delete') return undefined;
  if (op.kind === 'put') return op.item;
  const v = { N: String(op.version) };
  if (state === undefined) return { pk: { S: op.key }, v, c: { N: '1' } };
  return { ...state, v, c: { N: String(Number(state.c.N) + 1) } };
}

const TRANSACTION_SHARE = 0.15;

export class WriteLoad {
  /** @type {Map<string, Op[]>} every key's ops, in version order */
  keys = new Map();
  /** @type {WriteRequest[]} */
  requests = [];
  /** @type {string[][]} each writer's keys */
  owned;
  seed;
  /** The number of kills so far: requests carry the period they were made in. */
  period = 0;
  #table;
  #client;
  #paused = false;
  #kill = 0;
  /** @type {Promise<void>} */
  #gate = Promise.resolve();
  #open = () => {};
  #stopping = false;
  /** @type {Promise<void>[]} */
  #writers = [];
  /** @type {Set<Promise<unknown>>} */
  #pending = new Set();

  /** @param {{ table: string, writers: number, keys: number, seed: number }} options */
  constructor({ table, writers, keys, seed }) {
    this.#table = table;
    const width = String(keys - 1).length;
    this.owned = Array.from({ length: writers }, () => /** @type {string[]} */ ([]));
    for (let i = 0; i < keys; i++) {
      const key = `k${String(i).padStart(width, '0')}`;
      this.keys.set(key, []);
      this.owned[i % writers].push(key);
    }
    this.seed = seed;
  }

  /** Starts the writers against `client` (see json-client.mjs). */
  start(client) {
    this.#client = client;
    this.#writers = this.owned.map((keys, w) => this.#writer(keys, prng(this.seed + 1 + w)));
  }

  /** Holds new requests back (the server is about to be killed); those under way are caught by kill `kill`. */
  pause(kill) {
    this.#paused = true;
    this.#kill = kill;
    this.period = kill;
    this.#gate = new Promise((resolve) => (this.#open = resolve));
  }

  /** Resolves once every request sent so far has its outcome. */
  async settled() {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  /** Requests held back go to `client` now. */
  resume(client) {
    this.#client = client;
    this.#paused = false;
    this.#kill = 0;
    this.#open();
  }

  /** Lets each writer finish its request under way, then ends the load. */
  async stop() {
    this.#stopping = true;
    this.#open();
    await Promise.all(this.#writers);
  }

  /** One PutItem each to new keys `prefix-0…count-1` (to see when the triggers have caught up); returns the keys. */
  async putMarkers(client, prefix, count) {
    const keys = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
    await Promise.all(
      keys.map((key) => {
        this.keys.set(key, []);
        return this.#send(client, this.#request([this.#op(key, 'put', () => 0)]));
      }),
    );
    return keys;
  }

  /** @param {string[]} owned @param {() => number} rng */
  async #writer(owned, rng) {
    while (!this.#stopping) {
      if (this.#paused) {
        await this.#gate;
        continue;
      }
      let request;
      if (rng() < TRANSACTION_SHARE) {
        const count = 2 + Math.floor(rng() * 3);
        const chosen = new Set();
        while (chosen.size < count) chosen.add(owned[Math.floor(rng() * owned.length)]);
        request = this.#request([...chosen].map((key) => this.#op(key, this.#kindFor(key, rng), rng)));
      } else {
        const key = owned[Math.floor(rng() * owned.length)];
        request = this.#request([this.#op(key, this.#kindFor(key, rng), rng)]);
      }
      await this.#send(this.#client, request);
      // No answer and no kill under way: the server is gone on its own; do not spin while the run notices.
      if (request.status === 'in-flight' && request.kill === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * Never two deletes of a key in a row: each REMOVE record then belongs to exactly one delete (the one
   * between two puts or updates), and the checks can tell which write every record comes from.
   */
  #kindFor(key, rng) {
    const last = this.keys.get(key).at(-1);
    const x = rng();
    if (last === undefined || last.kind === 'delete') return x < 0.4 ? 'put' : 'update';
    return x < 0.3 ? 'put' : x < 0.8 ? 'update' : 'delete';
  }

  /** @param {string} key @param {OpKind} kind @param {() => number} rng @returns {Op} */
  #op(key, kind, rng) {
    const ops = this.keys.get(key);
    const version = ops.length + 1;
    /** @type {Op} */
    const op = { key, version, kind, request: /** @type {any} */ (undefined) };
    if (kind === 'put') {
      const pad = 'abcdefghijklmnopqrstuvwxyz'.slice(0, Math.floor(rng() * 27)).repeat(1 + Math.floor(rng() * 4));
      op.item = { pk: { S: key }, v: { N: String(version) }, c: { N: '0' }, d: { S: pad } };
    }
    ops.push(op);
    return op;
  }

  /** @param {Op[]} ops @returns {WriteRequest} */
  #request(ops) {
    const action = ops.length > 1 ? 'TransactWriteItems' : { put: 'PutItem', update: 'UpdateItem', delete: 'DeleteItem' }[ops[0].kind];
    const request = { id: this.requests.length, period: this.period, action, ops, status: /** @type {const} */ ('pending') };
    for (const op of ops) op.request = request;
    this.requests.push(request);
    return request;
  }

  /** @param {{ call: Function }} client @param {WriteRequest} request */
  async #send(client, request) {
    const body =
      request.action === 'TransactWriteItems'
        ? { TransactItems: request.ops.map((op) => ({ [{ put: 'Put', update: 'Update', delete: 'Delete' }[op.kind]]: this.#input(op) })) }
        : this.#input(request.ops[0]);
    const call = client.call(`DynamoDB_20120810.${request.action}`, body);
    this.#pending.add(call);
    try {
      await call;
      request.status = 'acked';
    } catch (error) {
      if (error instanceof RefusedError) request.status = 'refused';
      else {
        request.status = 'in-flight';
        request.kill = this.#kill;
      }
      request.error = /** @type {Error} */ (error).message;
    } finally {
      this.#pending.delete(call);
    }
  }

  /** @param {Op} op */
  #input(op) {
    const TableName = this.#table;
    if (op.kind === 'put') return { TableName, Item: op.item };
    const Key = { pk: { S: op.key } };
    if (op.kind === 'delete') return { TableName, Key };
    return { TableName, Key, UpdateExpression: 'SET v = :v ADD c :one', ExpressionAttributeValues: { ':v': { N: String(op.version) }, ':one': { N: '1' } } };
  }
}
