import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe } from 'node:test';
import { sharedPostgresCluster, testEngines, type PostgresCluster, type TestEngine } from './postgres-cluster.js';

/**
 * Storage-contract tests: ONE test body run on every engine of `testEngines()` (EDDY_TEST_ENGINES), so a
 * store's behaviour is stated once and every engine is held to it. Usage:
 *
 *   describeStoreContract('time store', {
 *     sqlite: (path) => { const engine = openSqliteEngine({ path }); return { store: engine.time, close: () => engine.close() }; },
 *     postgres: async (url) => { … return { store, close } },
 *   }, ({ open, database }) => {
 *     it('…', async () => { const store = await open(); … });
 *   });
 *
 * A file's PostgreSQL tests share one cluster (started on first use: ~1 s), each `open()` with no
 * argument gets a database of its own (a CREATE DATABASE: tens of ms), and what a test opened is closed
 * after it. Two opens of one `database()` are two connections to the same data: on PostgreSQL like two
 * Eddy nodes, on SQLite like two processes on one file.
 */

export interface OpenedStore<S> {
  readonly store: S;
  close(): Promise<void>;
}

export interface StoreOpeners<S> {
  /** Opens the store on the SQLite database file at `path` (created when missing). */
  sqlite(path: string): Promise<OpenedStore<S>> | OpenedStore<S>;
  /** Opens the store on the (empty, or already migrated) PostgreSQL database at `url`. */
  postgres(url: string): Promise<OpenedStore<S>>;
}

export interface StoreContractContext<S> {
  /** The engine this run of the body is on: for a skip that names a capability, never to branch on. */
  readonly engine: TestEngine;
  /** A new empty database: a SQLite file path, or a PostgreSQL URL. */
  database(): Promise<string>;
  /** Opens the store on `database` (a new one when omitted); it is closed after the test. */
  open(database?: string): Promise<S>;
}

export function describeStoreContract<S>(name: string, openers: StoreOpeners<S>, body: (context: StoreContractContext<S>) => void): void {
  for (const engine of testEngines()) {
    // Made here, outside the suite, so that the cluster and the files outlive it: one per test file.
    const database = engine === 'postgres' ? postgresDatabases() : sqliteDatabases();
    describe(`${name} (${engine})`, () => {
      const opened: OpenedStore<S>[] = [];
      afterEach(async () => {
        const closing = opened.splice(0).reverse();
        for (const store of closing) await store.close();
      });
      const open = async (at?: string) => {
        const place = at ?? (await database());
        const store = engine === 'postgres' ? await openers.postgres(place) : await openers.sqlite(place);
        opened.push(store);
        return store.store;
      };
      body({ engine, database, open });
    });
  }
}

let cluster: (() => Promise<PostgresCluster>) | undefined;

function postgresDatabases(): () => Promise<string> {
  const started = (cluster ??= sharedPostgresCluster());
  // Migrated: a store opens it as it would an empty one (its migrations find nothing to do), in less time.
  return async () => (await started()).createDatabase({ migrated: true });
}

let sqliteDir: string | undefined;
let sqliteCount = 0;

function sqliteDatabases(): () => Promise<string> {
  if (sqliteDir === undefined) {
    const dir = (sqliteDir = mkdtempSync(join(tmpdir(), 'eddy-contract-')));
    after(() => rmSync(dir, { recursive: true, force: true }));
  }
  const dir = sqliteDir;
  return async () => join(dir, `db-${++sqliteCount}.sqlite`);
}
