import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { applyConfig } from '../../config/apply-config.js';
import type { EddyConfig } from '../../config/config-types.js';
import { ConfigError } from '../../config/config-error.js';
import { configTargets } from '../../config/fixtures/config-targets.js';
import { validateConfig } from '../../config/validate-config.js';
import type { ApiDestinationDefinition } from '../../bus/bus-documents.js';
import { defaultDeployment } from '../../shared/arns.js';
import type { PipeDefinition } from '../pipe-definition.js';
import { pipesContext } from '../pipes-context.js';
import { removePipes, type PipeTargets } from './apply-pipes.js';
import { createApiDestination } from '../../bus/operations/create-api-destination.js';
import { memoryEngine } from '../../storage/sqlite/fixtures/memory-engine.js';

const FILE = '/app/eddy.config.ts';
const ARN = 'us-east-1:000000000000';

const base = {
  tables: { Orders: { partitionKey: { name: 'id', type: 'S' }, stream: 'NEW_IMAGE' } },
  queues: { out: {} },
  connections: { crm: { apiKey: { name: 'x-api-key', value: 'k' } } },
  pipes: {
    sync: {
      source: { stream: 'Orders' },
      enrichment: { http: { url: 'http://127.0.0.1:9/lookup', method: 'GET', connection: 'crm' }, httpParameters: { queryStringParameters: { v: '2' } } },
      target: { http: { url: 'http://127.0.0.1:9/orders', connection: 'crm' }, inputTemplate: '<$.customer>' },
    },
  },
} satisfies EddyConfig;

describe('applyConfig: pipes with http targets and enrichments', () => {
  let env: ReturnType<typeof configTargets>;
  let targets: PipeTargets;
  beforeEach(() => {
    env = configTargets(memoryEngine);
    const context = pipesContext(env.engine, { clock: env.clock, deployment: defaultDeployment, changed: () => {} });
    targets = { context, bus: env.targets.bus!, functionExists: async () => false };
    env.targets.pipes = targets;
  });
  afterEach(() => env.close());

  const apply = (config: EddyConfig) => applyConfig(validateConfig(config, FILE), env.targets, env.log);
  const pipe = async (name: string) => (await env.engine.pipes.get<PipeDefinition>(name))?.definition;
  const destination = async (name: string) => (await env.engine.bus.getDocument<ApiDestinationDefinition>('api-destination', '', name))?.definition;
  const pipeReport = (report: Awaited<ReturnType<typeof apply>>) => [
    ...report.created.filter((r) => r.kind === 'pipe').map((r) => `+${r.name}`),
    ...report.updated.filter((r) => r.kind === 'pipe').map((r) => `~${r.name} ${r.changes.join(', ')}`),
    ...report.unchanged.filter((r) => r.kind === 'pipe').map((r) => `=${r.name}`),
  ];

  it('makes an API destination per http block, named after the pipe, and points the pipe at them; the same config again changes nothing', async () => {
    assert.deepEqual(pipeReport(await apply(base)), ['+sync']);
    const target = (await destination('pipe.sync.target'))!;
    const enrichment = (await destination('pipe.sync.enrichment'))!;
    assert.deepEqual([target.InvocationEndpoint, target.HttpMethod], ['http://127.0.0.1:9/orders', 'POST']);
    assert.deepEqual([enrichment.InvocationEndpoint, enrichment.HttpMethod], ['http://127.0.0.1:9/lookup', 'GET']);
    assert.match(target.ConnectionArn, new RegExp(`^arn:aws:events:${ARN}:connection/crm/`));
    const stored = (await pipe('sync'))!;
    assert.equal(stored.Target, `arn:aws:events:${ARN}:api-destination/pipe.sync.target/${target.id}`);
    assert.equal(stored.Enrichment, `arn:aws:events:${ARN}:api-destination/pipe.sync.enrichment/${enrichment.id}`);
    assert.deepEqual(stored.TargetParameters, { InputTemplate: '<$.customer>' });
    assert.deepEqual(stored.EnrichmentParameters, { HttpParameters: { QueryStringParameters: { v: '2' } } });
    assert.deepEqual(pipeReport(await apply(base)), ['=sync']);
    assert.equal((await destination('pipe.sync.target'))!.id, target.id);
  });

  it("follows a changed url in the API destination (the pipe's ARN stays); a block dropped loses its API destination, a pipe dropped both", async () => {
    await apply(base);
    const moved = { ...base, pipes: { sync: { ...base.pipes.sync, target: { ...base.pipes.sync.target, http: { url: 'http://127.0.0.1:9/v2/orders', connection: 'crm' } } } } };
    assert.deepEqual(pipeReport(await apply(moved)), ['=sync']);
    assert.equal((await destination('pipe.sync.target'))!.InvocationEndpoint, 'http://127.0.0.1:9/v2/orders');

    const toQueue = { ...base, pipes: { sync: { source: base.pipes.sync.source, enrichment: base.pipes.sync.enrichment, target: { queue: 'out' } } } };
    assert.deepEqual(pipeReport(await apply(toQueue)), ['~sync target changed']);
    assert.equal((await pipe('sync'))!.Target, `arn:aws:sqs:${ARN}:out`);
    assert.equal(await destination('pipe.sync.target'), undefined);
    assert.ok(await destination('pipe.sync.enrichment'));

    await removePipes(targets, ['sync']);
    assert.equal(await pipe('sync'), undefined);
    assert.equal(await destination('pipe.sync.enrichment'), undefined);
  });

  it('points a pipe at API destinations created through the API by name, and leaves them when the pipe goes', async () => {
    await apply(base);
    // Created through the API under the name the config would give its own: the config refers to it, never deletes it.
    const { ConnectionArn } = (await destination('pipe.sync.target'))!;
    await createApiDestination(env.targets.bus!, { Name: 'pipe.other.target', ConnectionArn, InvocationEndpoint: 'http://127.0.0.1:9/api', HttpMethod: 'POST' });
    const made = (await destination('pipe.other.target'))!;
    const named = { ...base, pipes: { sync: base.pipes.sync, other: { source: { stream: 'Orders' }, enrichment: { apiDestination: 'pipe.sync.enrichment' }, target: { apiDestination: 'pipe.other.target' } } } };
    assert.deepEqual(pipeReport(await apply(named)), ['+other', '=sync']);
    assert.equal((await pipe('other'))!.Target, `arn:aws:events:${ARN}:api-destination/pipe.other.target/${made.id}`);
    await removePipes(targets, ['other']);
    assert.equal(await pipe('other'), undefined);
    assert.equal((await destination('pipe.other.target'))?.id, made.id);
  });

  it('refuses a connection that exists nowhere and a batch an API destination cannot take, before writing anything', async () => {
    const problems = async (config: EddyConfig) => {
      try {
        await apply(config);
      } catch (error) {
        assert.ok(error instanceof ConfigError, String(error));
        return error.problems.map((p) => p.slice(FILE.length + 2));
      }
      assert.fail('expected a ConfigError');
    };
    assert.deepEqual(
      await problems({
        ...base,
        pipes: {
          a: { source: { stream: 'Orders' }, enrichment: { http: { url: 'http://127.0.0.1:9/x', connection: 'nowhere' } }, target: { queue: 'out' } },
          b: { source: { stream: 'Orders', batchSize: 10 }, target: { http: { url: 'http://127.0.0.1:9/x', connection: 'crm' } } },
          c: { source: { stream: 'Orders' }, target: { apiDestination: 'nowhere' } },
        },
      }),
      [
        'pipes.a.enrichment.http.connection: connection nowhere does not exist in this config or in storage',
        `pipes.b: SourceParameters.DynamoDBStreamParameters.BatchSize: BatchSize must be less than or equal to 1 for target the API destination pipe.b.target.`,
        'pipes.c.target.apiDestination: API destination nowhere does not exist in storage (create it through the API, or give an http block)',
      ],
    );
    assert.equal(await pipe('a'), undefined);
    assert.equal(await destination('pipe.b.target'), undefined);
  });
});
