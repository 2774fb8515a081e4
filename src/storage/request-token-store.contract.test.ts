import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { openSqliteEngine } from './sqlite/sqlite-engine.js';
import { openPgPool } from './postgres/pg-pool.js';
import { applyPostgresMigrations } from './postgres/postgres-migrations.js';
import { PostgresRequestTokenStore } from './postgres/postgres-request-token-store.js';
import type { RequestTokenStore } from './request-token-store.js';

const T0 = 1_700_000_000_000;
const LEASE = 60_000;
const WINDOW = 600_000;

const claim = (store: RequestTokenStore, token: string, owner: string, now = T0, fingerprint = `fp-${owner}`) =>
  store.claim({ token, fingerprint, owner, now, leaseMs: LEASE });

// The RequestTokenStore contract (request-token-store.ts) on every engine. Two opens of one database are two nodes.
describeStoreContract<RequestTokenStore>(
  'RequestTokenStore contract',
  {
    sqlite(path) {
      const engine = openSqliteEngine({ path });
      return { store: engine.requestTokens, close: () => engine.close() };
    },
    async postgres(url) {
      const pool = await openPgPool({ url, size: 4 });
      await applyPostgresMigrations(pool);
      return { store: new PostgresRequestTokenStore(pool), close: () => pool.end() };
    },
  },
  ({ open, database }) => {
    it('claims a new token; while it runs others see its fingerprint; once answered they see the answer', async () => {
      const store = await open();
      assert.deepEqual(await claim(store, 'tok', 'a'), { state: 'claimed' });
      assert.deepEqual(await claim(store, 'tok', 'b', T0 + 1), { state: 'running', fingerprint: 'fp-a' });
      assert.deepEqual(await claim(store, 'tok', 'a', T0 + 1), { state: 'running', fingerprint: 'fp-a' }, 'a claim is taken once, even by its owner');
      const answer = JSON.stringify({ ConsumedCapacity: [{ TableName: 'tåble 😀', CapacityUnits: 2 }] });
      assert.equal(await store.complete('tok', 'b', '{}', T0 + WINDOW), false, 'only the owner answers');
      assert.equal(await store.complete('tok', 'a', answer, T0 + 10 + WINDOW), true);
      assert.deepEqual(await claim(store, 'tok', 'c', T0 + 20), { state: 'done', fingerprint: 'fp-a', answer });
      assert.deepEqual(await claim(store, 'tok', 'c', T0 + 9 + WINDOW, 'other'), { state: 'done', fingerprint: 'fp-a', answer });
      assert.deepEqual(await claim(store, 'other-token', 'c'), { state: 'claimed' }, 'tokens are independent');
    });

    it('an answered token is forgotten when its window ends: the next claim starts afresh', async () => {
      const store = await open();
      await claim(store, 'tok', 'a');
      await store.complete('tok', 'a', '"first"', T0 + WINDOW);
      assert.equal((await claim(store, 'tok', 'b', T0 + WINDOW - 1)).state, 'done');
      assert.deepEqual(await claim(store, 'tok', 'b', T0 + WINDOW, 'fp-new'), { state: 'claimed' });
      assert.deepEqual(await claim(store, 'tok', 'c', T0 + WINDOW + 1), { state: 'running', fingerprint: 'fp-new' });
      assert.equal(await store.complete('tok', 'a', '"late"', T0 + 2 * WINDOW), false, 'the old owner has no claim left');
      assert.equal(await store.complete('tok', 'b', '"second"', T0 + 2 * WINDOW), true);
      assert.deepEqual(await claim(store, 'tok', 'c', T0 + WINDOW + 2), { state: 'done', fingerprint: 'fp-new', answer: '"second"' });
    });

    it('a claim whose owner never answers is taken over when its lease ends; the old owner can then neither answer nor release it', async () => {
      const store = await open();
      await claim(store, 'tok', 'crashed');
      assert.equal((await claim(store, 'tok', 'b', T0 + LEASE - 1)).state, 'running');
      assert.deepEqual(await claim(store, 'tok', 'b', T0 + LEASE), { state: 'claimed' });
      assert.equal(await store.complete('tok', 'crashed', '"stale"', T0 + WINDOW), false);
      await store.release('tok', 'crashed');
      assert.deepEqual(await claim(store, 'tok', 'c', T0 + LEASE + 1), { state: 'running', fingerprint: 'fp-b' });
    });

    it('a released token leaves no trace: anyone claims it again at once; only its owner releases it', async () => {
      const store = await open();
      await claim(store, 'tok', 'a');
      await store.release('tok', 'b');
      assert.equal((await claim(store, 'tok', 'b', T0 + 1)).state, 'running');
      await store.release('tok', 'a');
      assert.deepEqual(await claim(store, 'tok', 'b', T0 + 2), { state: 'claimed' });
      assert.equal(await store.complete('tok', 'a', '"x"', T0 + WINDOW), false);
    });

    it('keeps tokens apart by every character: case, U+0000, non-BMP', async () => {
      const store = await open();
      const tokens = ['Token', 'token', 'to\u0000ken', 'to\u0000ke', '😀-\u00e9', '😀-e\u0301'];
      for (const [i, token] of tokens.entries()) assert.deepEqual(await claim(store, token, `o${i}`), { state: 'claimed' }, token);
      for (const [i, token] of tokens.entries()) assert.deepEqual(await claim(store, token, 'x', T0 + 1), { state: 'running', fingerprint: `fp-o${i}` });
    });

    it('deleteExpired removes at most `limit` tokens whose time ended, and none still held', async () => {
      const store = await open();
      for (let i = 0; i < 5; i++) await claim(store, `lapsed-${i}`, 'a', T0 + i); // leases end at T0 + LEASE + i
      await claim(store, 'answered', 'a');
      await store.complete('answered', 'a', '1', T0 + WINDOW);
      await claim(store, 'later', 'a', T0 + 10);
      const at = T0 + LEASE + 4; // every lapsed-* lease has ended; 'later' runs until T0 + 10 + LEASE
      assert.equal(await store.deleteExpired(at, 3), 3);
      assert.equal(await store.deleteExpired(at, 3), 2);
      assert.equal(await store.deleteExpired(at, 3), 0);
      assert.equal((await claim(store, 'later', 'b', at)).state, 'running');
      assert.equal((await claim(store, 'answered', 'b', at)).state, 'done');
      // A deleted token is simply free; its old owner's answer no longer lands.
      assert.equal(await store.complete('lapsed-0', 'a', '1', at + WINDOW), false);
    });

    it('two nodes on one database racing to claim a token: exactly one gets it, the others see its fingerprint', async () => {
      const place = await database();
      const one = await open(place);
      const two = await open(place);
      for (let round = 0; round < 20; round++) {
        const token = `race-${round}`;
        const owners = Array.from({ length: 8 }, (_, i) => `${i % 2 === 0 ? 'one' : 'two'}-${i}`);
        const claims = await Promise.all(owners.map((owner, i) => claim(i % 2 === 0 ? one : two, token, owner)));
        const winners = owners.filter((_, i) => claims[i]!.state === 'claimed');
        assert.equal(winners.length, 1, `round ${round}: ${winners.join(',')} claimed`);
        for (const outcome of claims) {
          if (outcome.state !== 'claimed') assert.deepEqual(outcome, { state: 'running', fingerprint: `fp-${winners[0]}` });
        }
      }
    });

    it('two nodes racing to take over an expired claim: exactly one gets it', async () => {
      const place = await database();
      const one = await open(place);
      const two = await open(place);
      for (let round = 0; round < 20; round++) {
        const token = `lapsed-${round}`;
        await claim(one, token, 'crashed');
        const owners = Array.from({ length: 8 }, (_, i) => `taker-${i}`);
        const claims = await Promise.all(owners.map((owner, i) => claim(i % 2 === 0 ? one : two, token, owner, T0 + LEASE)));
        assert.equal(claims.filter((c) => c.state === 'claimed').length, 1, `round ${round}`);
      }
    });
  },
);
