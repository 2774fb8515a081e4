import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { refreshDefinitions, type DefinitionVersion } from './definition-refresh.js';
import { silentLogger } from '../shared/logger.js';

describe('refreshDefinitions', () => {
  // Its timer is unref'd (it must not keep Eddy alive): something has to keep the test's event loop running.
  let keepAlive: NodeJS.Timeout | undefined;
  beforeEach(() => (keepAlive = setInterval(() => {}, 1000)));
  afterEach(() => clearInterval(keepAlive));

  it('tells of definitions that appeared, changed or disappeared since the last look, never of the unchanged', { timeout: 10_000 }, async () => {
    let stored: DefinitionVersion[] = [
      { key: 'a', fingerprint: '1' },
      { key: 'b', fingerprint: '1' },
    ];
    let lists = 0;
    const told: string[] = [];
    let listed: () => void = () => {};
    const stop = await refreshDefinitions({
      list: async () => {
        lists += 1;
        listed();
        return stored;
      },
      changed: (key) => told.push(key),
      periodMs: 5,
      logger: silentLogger,
      what: 'test definitions',
    });
    try {
      const nextLists = (n: number) => new Promise<void>((resolve) => {
        const until = lists + n;
        listed = () => lists >= until && resolve();
      });
      await nextLists(2); // the baseline holds both: nothing to tell
      assert.deepEqual(told, []);

      stored = [
        { key: 'a', fingerprint: '2' },
        { key: 'c', fingerprint: '1' },
      ];
      await nextLists(2);
      assert.deepEqual(told.sort(), ['a', 'b', 'c']);
      await nextLists(2);
      assert.deepEqual(told.length, 3, 'told once per change');
    } finally {
      stop();
    }
  });

  it('keeps looking after a failed list', { timeout: 10_000 }, async () => {
    let fail = true;
    let lists = 0;
    let stored: DefinitionVersion[] = [];
    const told: string[] = [];
    let onTold: () => void = () => {};
    const stop = await refreshDefinitions({
      list: async () => {
        lists += 1;
        if (lists > 1 && fail) {
          fail = false;
          throw new Error('storage down');
        }
        return stored;
      },
      changed: (key) => {
        told.push(key);
        onTold();
      },
      periodMs: 5,
      logger: silentLogger,
      what: 'test definitions',
    });
    try {
      stored = [{ key: 'x', fingerprint: '1' }];
      await new Promise<void>((resolve) => (onTold = resolve));
      assert.deepEqual(told, ['x']);
      assert.equal(fail, false, 'the failed list came first');
    } finally {
      stop();
    }
  });
});
