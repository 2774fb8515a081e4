import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../../test/helpers/store-contract.js';
import { engineOpeners } from '../../../test/helpers/engine-openers.js';
import { defaultDeployment } from '../../shared/arns.js';
import { ManualClock } from '../../shared/clock.js';
import { ServiceError } from '../../shared/service-error.js';
import type { StorageEngine } from '../../storage/engine.js';
import { TableCatalog } from '../table-catalog.js';
import type { TableContext } from '../table-context.js';
import { IDEMPOTENCY_WINDOW_MS, TOKEN_LEASE_MS, requestFingerprint, runOnce } from './idempotency-cache.js';

const clock = new ManualClock(Date.UTC(2026, 0, 1));
const node = (engine: StorageEngine): TableContext => ({ engine, catalog: new TableCatalog(engine), clock, deployment: defaultDeployment });
/** One run of an operation on `ctx`'s node, as withCurrentTables makes it: a context and catalog view of its own. */
const run = (ctx: TableContext): TableContext => ({ ...ctx, catalog: ctx.catalog.forOperation(new Map()) });

/** A request body that runs until the test lets it finish, counting its runs. */
function gatedRequest(answer: unknown) {
  let runs = 0;
  let finish!: (failure?: Error) => void;
  const execute = () => {
    runs++;
    return new Promise<unknown>((resolve, reject) => {
      finish = (failure) => (failure ? reject(failure) : resolve(answer));
    });
  };
  return { execute, runs: () => runs, finish: (failure?: Error) => finish(failure) };
}

const rejectsAs = (promise: Promise<unknown>, name: string) =>
  assert.rejects(promise, (error) => error instanceof ServiceError && error.type.endsWith(`#${name}`));

const fp = (body: unknown) => requestFingerprint(body);
const tick = () => new Promise((resolve) => setImmediate(resolve));

// runOnce over engine.requestTokens, on every engine; two opens of one database are two Eddy nodes.
describeStoreContract<StorageEngine>(
  'runOnce: ClientRequestTokens across nodes',
  engineOpeners(() => clock.now()),
  ({ open, database }) => {
    it('a retry on the same node shares the running request; on another it is TransactionInProgressException, then the first answer', async () => {
      const place = await database();
      const [a, b] = [node(await open(place)), node(await open(place))];
      const request = gatedRequest({ ConsumedCapacity: [{ TableName: 'tåble', CapacityUnits: 2 }] });
      // Each request is a run of its own on node a (a context of its own), as the DynamoDB service makes them.
      const first = runOnce(run(a), 'tok-1', fp({ n: 1 }), request.execute);
      const sameNode = runOnce(run(a), 'tok-1', fp({ n: 1 }), request.execute);
      await rejectsAs(runOnce(run(a), 'tok-1', fp({ n: 2 }), request.execute), 'IdempotentParameterMismatchException');
      while (request.runs() === 0) await tick(); // the claim is in storage
      await rejectsAs(runOnce(b, 'tok-1', fp({ n: 1 }), request.execute), 'TransactionInProgressException');
      await rejectsAs(runOnce(b, 'tok-1', fp({ n: 2 }), request.execute), 'IdempotentParameterMismatchException');
      request.finish();
      const answer = { ConsumedCapacity: [{ TableName: 'tåble', CapacityUnits: 2 }] };
      assert.deepEqual(await first, answer);
      assert.deepEqual(await sameNode, answer);
      assert.deepEqual(await runOnce(b, 'tok-1', fp({ n: 1 }), request.execute), answer);
      await rejectsAs(runOnce(b, 'tok-1', fp({ n: 2 }), request.execute), 'IdempotentParameterMismatchException');
      assert.equal(request.runs(), 1);
    });

    it('a failed request leaves no trace: a retry on another node runs afresh', async () => {
      const place = await database();
      const [a, b] = [node(await open(place)), node(await open(place))];
      const failing = gatedRequest(undefined);
      const first = runOnce(a, 'tok-2', fp({ n: 1 }), failing.execute);
      while (failing.runs() === 0) await tick();
      const refused = new Error('cancelled');
      failing.finish(refused);
      await assert.rejects(first, (error) => error === refused);
      const retry = gatedRequest('second');
      const second = runOnce(b, 'tok-2', fp({ n: 1 }), retry.execute);
      while (retry.runs() === 0) await tick();
      retry.finish();
      assert.equal(await second, 'second');
    });

    it('the answer is kept for the window after completion; a claim never answered (a dead node) holds the token for the lease', async () => {
      const place = await database();
      const [a, b] = [node(await open(place)), node(await open(place))];
      let runs = 0;
      const count = async () => ++runs;
      assert.equal(await runOnce(a, 'tok-3', fp({}), count), 1);
      clock.advance(IDEMPOTENCY_WINDOW_MS - 1);
      assert.equal(await runOnce(b, 'tok-3', fp({}), count), 1);
      clock.advance(1);
      assert.equal(await runOnce(b, 'tok-3', fp({}), count), 2);

      // A node that claimed a token and died before answering: its request never ends. Retries elsewhere are
      // told it is in progress until the lease runs out, then run it again (the gap idempotency-cache.ts names).
      const stuck = gatedRequest('never');
      void runOnce(a, 'tok-4', fp({}), stuck.execute);
      while (stuck.runs() === 0) await tick();
      clock.advance(TOKEN_LEASE_MS - 1);
      await rejectsAs(runOnce(b, 'tok-4', fp({}), count), 'TransactionInProgressException');
      clock.advance(1);
      assert.equal(await runOnce(b, 'tok-4', fp({}), count), 3);
    });
  },
);
