import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { EventInvokeConfig } from '../lambda/event-invoke-config.js';
import { memoryEngine } from '../storage/sqlite/fixtures/memory-engine.js';
import { applyConfig } from './apply-config.js';
import { configChanges } from './config-changes.js';
import { ConfigDeployment } from './config-deployment.js';
import { loadConfig } from './load-config.js';
import { ConfigError } from './config-error.js';
import type { AsyncInvokeConfig, EddyConfig } from './config-types.js';
import { configTargets } from './fixtures/config-targets.js';
import { validateConfig } from './validate-config.js';

const FILE = '/app/eddy.config.ts';
const P = 'us-east-1:000000000000';

describe('applyConfig: functions asyncInvoke', () => {
  let env: ReturnType<typeof configTargets>;
  beforeEach(() => {
    env = configTargets(memoryEngine);
  });
  afterEach(() => env.close());

  const apply = (config: EddyConfig) => applyConfig(validateConfig(config, FILE), env.targets, env.log);
  const stored = async (name: string) => (await env.engine.eventInvokeConfigs.get<EventInvokeConfig>(name, '$LATEST'))?.config;
  const config = (asyncInvoke?: AsyncInvokeConfig): EddyConfig => ({
    queues: { failed: {} },
    buses: { orders: {} },
    functions: { f: { handler: 'src/f.ts', ...(asyncInvoke && { asyncInvoke }) }, g: { handler: 'src/g.ts' } },
  });

  it("writes $LATEST's event invoke config with the destinations' ARNs, rewrites it when changed and removes it when dropped", async () => {
    await apply(config({ maximumRetryAttempts: 0, onSuccess: { bus: 'orders' }, onFailure: { queue: 'failed' } }));
    assert.deepEqual(await stored('f'), {
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnSuccess: { Destination: `arn:aws:events:${P}:event-bus/orders` }, OnFailure: { Destination: `arn:aws:sqs:${P}:failed` } },
      FromConfig: true,
    });
    assert.equal(await stored('g'), undefined);

    await apply(config({ maximumEventAge: 120, onFailure: { function: 'g' } }));
    assert.deepEqual(await stored('f'), {
      MaximumEventAgeInSeconds: 120,
      DestinationConfig: { OnSuccess: {}, OnFailure: { Destination: `arn:aws:lambda:${P}:function:g` } },
      FromConfig: true,
    });

    await apply(config());
    assert.equal(await stored('f'), undefined);
  });

  it('leaves alone a config set through the API when the config sets none', async () => {
    const api: EventInvokeConfig = { MaximumRetryAttempts: 1, DestinationConfig: { OnSuccess: {}, OnFailure: {} } };
    await env.engine.eventInvokeConfigs.write('f', '$LATEST', 0, () => api);
    await apply(config());
    assert.deepEqual(await stored('f'), api);
  });

  it('keeps the last write time when nothing changed', async () => {
    await apply(config({ maximumRetryAttempts: 1 }));
    const first = await env.engine.eventInvokeConfigs.get('f', '$LATEST');
    env.clock.advance(5_000);
    await apply(config({ maximumRetryAttempts: 1 }));
    assert.equal((await env.engine.eventInvokeConfigs.get('f', '$LATEST'))?.lastModified, first?.lastModified);
  });

  it('refuses destinations and dead-letter queues that exist nowhere, writing nothing', async () => {
    const refused = await apply({
      functions: {
        f: { handler: 'src/f.ts', asyncInvoke: { onSuccess: { bus: 'nope' }, onFailure: { function: 'ghost' } }, deadLetter: { queue: 'gone' } },
      },
    }).then(
      () => assert.fail('expected a ConfigError'),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError, String(error));
        return error.problems;
      },
    );
    assert.deepEqual(refused, [
      `${FILE}: functions.f.asyncInvoke.onSuccess.bus: bus nope does not exist in this config or in storage`,
      `${FILE}: functions.f.asyncInvoke.onFailure.function: function ghost does not exist in this config or in storage`,
      `${FILE}: functions.f.deadLetter.queue: queue gone does not exist in this config or in storage`,
    ]);
    assert.equal(await stored('f'), undefined);
  });

  it('tells a change of asyncInvoke or deadLetter as a change of the function (eddy dev redeploys it)', () => {
    const before = validateConfig(config({ maximumRetryAttempts: 1 }), FILE);
    const after = validateConfig({ ...config({ maximumRetryAttempts: 0 }), functions: { f: { handler: 'src/f.ts', asyncInvoke: { maximumRetryAttempts: 0 }, deadLetter: { queue: 'failed' } }, g: { handler: 'src/g.ts' } } }, FILE);
    assert.deepEqual(configChanges(before, after).functions.changed, [{ item: 'f', changes: ['asyncInvoke changed', 'deadLetter changed'] }]);
  });
});

describe('ConfigDeployment.reload: functions asyncInvoke (eddy dev)', () => {
  it('applies a changed asyncInvoke and removes a dropped one', async () => {
    const env = configTargets(memoryEngine);
    const dir = mkdtempSync(join(tmpdir(), 'eddy-async-reload-'));
    const file = join(dir, 'eddy.config.json');
    const write = (asyncInvoke?: AsyncInvokeConfig) => writeFileSync(file, JSON.stringify({ functions: { f: { handler: 'src/f.ts', ...(asyncInvoke && { asyncInvoke }) } } }));
    const stored = async () => (await env.engine.eventInvokeConfigs.get<EventInvokeConfig>('f', '$LATEST'))?.config;
    try {
      const deployment = new ConfigDeployment({ ...env.targets, events: { check: () => [], apply: async () => {}, remove: async () => {} }, http: async () => {} }, env.log, { dev: true });
      write({ maximumRetryAttempts: 1 });
      await deployment.start((await loadConfig(file))!);
      assert.equal((await stored())?.MaximumRetryAttempts, 1);
      write({ maximumRetryAttempts: 0 });
      assert.equal(await deployment.reload(), true);
      assert.equal((await stored())?.MaximumRetryAttempts, 0);
      write();
      assert.equal(await deployment.reload(), true);
      assert.equal(await stored(), undefined);
      // A function dropped from the config takes the settings the config wrote for it.
      write({ maximumRetryAttempts: 2 });
      assert.equal(await deployment.reload(), true);
      assert.equal((await stored())?.MaximumRetryAttempts, 2);
      writeFileSync(file, JSON.stringify({}));
      assert.equal(await deployment.reload(), true);
      assert.equal(await stored(), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await env.close();
    }
  });
});
