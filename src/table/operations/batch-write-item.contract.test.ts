import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pool, PoolClient } from 'pg';
import { describeStoreContract } from '../../../test/helpers/store-contract.js';
import { ManualClock } from '../../shared/clock.js';
import { RawJson } from '../../shared/raw-json.js';
import type { StorageEngine } from '../../storage/engine.js';
import { openPgPool } from '../../storage/postgres/pg-pool.js';
import { PostgresEngine } from '../../storage/postgres/postgres-engine.js';
import { openSqliteEngine } from '../../storage/sqlite/sqlite-engine.js';
import { TableCatalog } from '../table-catalog.js';
import type { TableContext } from '../table-context.js';
import { batchWriteItem } from './batch-write-item.js';
import { createTable } from './create-table.js';
import { getItem } from './get-item.js';
import { putItem } from './put-item.js';

/** An engine, and on PostgreSQL how many transactions its pool has begun so far (counted on its real connections). */
interface Opened {
  readonly engine: StorageEngine;
  readonly transactions?: () => number;
}

/** Counts the BEGINs sent on every connection the pool opens: each inTransaction sends one. */
function countTransactions(pool: Pool): () => number {
  let begun = 0;
  pool.on('connect', (client: PoolClient) => {
    const send = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].startsWith('BEGIN')) begun++;
      return send(...args);
    };
  });
  return () => begun;
}

/** `engine` with its writeItems calls counted; everything else is the engine itself. */
function countingWrites(engine: StorageEngine): { engine: StorageEngine; writes: () => number } {
  let writes = 0;
  const counted = new Proxy(engine, {
    get(target, property) {
      if (property === 'writeItems') {
        return (request: Parameters<StorageEngine['writeItems']>[0]) => (writes++, target.writeItems(request));
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { engine: counted, writes: () => writes };
}

/** An operation's answer as the client reads it (GetItem splices stored JSON text in: RawJson). */
const body = (answer: unknown): unknown => (answer instanceof RawJson ? JSON.parse(answer.text) : answer);

const tableInput = (TableName: string) => ({
  TableName,
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  BillingMode: 'PAY_PER_REQUEST',
  StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
});

// A BatchWriteItem's requests, each decided on its own, are written by one engine write: on PostgreSQL one
// transaction rather than one a request (issue 24: 166–311 items/s against SQLite's 7,515).
describeStoreContract<Opened>(
  'BatchWriteItem',
  {
    sqlite(path) {
      const engine = openSqliteEngine({ path });
      return { store: { engine }, close: () => engine.close() };
    },
    async postgres(url) {
      const pool = await openPgPool({ url, size: 4 });
      const transactions = countTransactions(pool);
      const engine = new PostgresEngine(pool);
      return { store: { engine, transactions }, close: () => engine.close() };
    },
  },
  ({ open }) => {
    it('writes a batch of puts and deletes over two tables in one engine write (one transaction on PostgreSQL)', async () => {
      const opened = await open();
      const { engine, writes } = countingWrites(opened.engine);
      const ctx: TableContext = {
        engine,
        catalog: new TableCatalog(engine),
        clock: new ManualClock(Date.UTC(2026, 0, 1)),
        deployment: { region: 'us-east-1', account: '000000000000' } as TableContext['deployment'],
      };
      await createTable(ctx, tableInput('first'));
      await createTable(ctx, tableInput('second'));
      const kept = { pk: { S: 'kept' }, v: { N: '1' } };
      await putItem(ctx, { TableName: 'second', Item: kept });
      await putItem(ctx, { TableName: 'second', Item: { pk: { S: 'gone' } } });
      const writesBefore = writes();
      const transactionsBefore = opened.transactions?.();

      const puts = Array.from({ length: 22 }, (_, n) => ({ PutRequest: { Item: { pk: { S: `item-${n}` }, n: { N: String(n) } } } }));
      const answer = await batchWriteItem(ctx, {
        RequestItems: {
          first: puts,
          second: [{ PutRequest: { Item: kept } }, { DeleteRequest: { Key: { pk: { S: 'gone' } } } }, { DeleteRequest: { Key: { pk: { S: 'never' } } } }],
        },
        ReturnConsumedCapacity: 'INDEXES',
      });

      assert.equal(writes() - writesBefore, 1, 'one engine write for the whole batch');
      if (opened.transactions) assert.equal(opened.transactions() - transactionsBefore!, 1, 'one transaction on PostgreSQL');
      assert.deepEqual(answer, {
        UnprocessedItems: {},
        ConsumedCapacity: [
          { TableName: 'first', CapacityUnits: 22, WriteCapacityUnits: 22, Table: { CapacityUnits: 22, WriteCapacityUnits: 22 } },
          // The unchanged put and the delete of a missing item are charged as DynamoDB charges them.
          { TableName: 'second', CapacityUnits: 3, WriteCapacityUnits: 3, Table: { CapacityUnits: 3, WriteCapacityUnits: 3 } },
        ],
      });
      for (const n of [0, 21]) {
        assert.deepEqual(body(await getItem(ctx, { TableName: 'first', Key: { pk: { S: `item-${n}` } } })), { Item: { pk: { S: `item-${n}` }, n: { N: String(n) } } });
      }
      assert.deepEqual(body(await getItem(ctx, { TableName: 'second', Key: { pk: { S: 'kept' } } })), { Item: kept });
      assert.deepEqual(body(await getItem(ctx, { TableName: 'second', Key: { pk: { S: 'gone' } } })), {});
    });
  },
);
