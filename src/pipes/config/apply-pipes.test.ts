import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { applyConfig } from '../../config/apply-config.js';
import type { EddyConfig } from '../../config/config-types.js';
import { ConfigError } from '../../config/config-error.js';
import { configTargets } from '../../config/fixtures/config-targets.js';
import { validateConfig } from '../../config/validate-config.js';
import { defaultDeployment } from '../../shared/arns.js';
import type { PipeDefinition } from '../pipe-definition.js';
import { pipesContext } from '../pipes-context.js';
import { memoryEngine } from '../../storage/sqlite/fixtures/memory-engine.js';

const FILE = '/app/eddy.config.ts';
const ARN = 'us-east-1:000000000000';

const base = {
  tables: { Orders: { partitionKey: { name: 'id', type: 'S' }, stream: 'NEW_IMAGE' } },
  queues: { jobs: {}, 'out.fifo': { fifo: true, contentBasedDeduplication: true } },
  buses: { app: {} },
  functions: { lookupCustomer: { handler: 'src/lookup.ts' } },
  pipes: {
    changes: {
      source: { stream: 'Orders', startingPosition: 'TRIM_HORIZON', batchSize: 10 },
      filter: [{ eventName: ['INSERT'] }],
      enrichment: { function: 'lookupCustomer' },
      target: { bus: 'app', source: 'my-service.database', detailType: '$.eventName' },
    },
  },
} satisfies EddyConfig;

describe('applyConfig: pipes', () => {
  let env: ReturnType<typeof configTargets>;
  let changed: string[];
  beforeEach(() => {
    env = configTargets(memoryEngine);
    changed = [];
    const context = pipesContext(env.engine, { clock: env.clock, deployment: defaultDeployment, changed: (name) => changed.push(name) });
    env.targets.pipes = { context, functionExists: async (name) => name === 'fromTheApi' };
  });
  afterEach(() => env.close());

  const apply = (config: EddyConfig) => applyConfig(validateConfig(config, FILE), env.targets, env.log);
  const stored = async (name: string) => (await env.engine.pipes.get<PipeDefinition>(name))?.definition;
  const pipeReport = (report: Awaited<ReturnType<typeof apply>>) =>
    [
      ...report.created.filter((r) => r.kind === 'pipe').map((r) => `+${r.name}`),
      ...report.updated.filter((r) => r.kind === 'pipe').map((r) => `~${r.name} ${r.changes.join(', ')}`),
      ...report.unchanged.filter((r) => r.kind === 'pipe').map((r) => `=${r.name}`),
    ];
  const refusal = async (config: EddyConfig) => {
    try {
      await apply(config);
    } catch (error) {
      assert.ok(error instanceof ConfigError, String(error));
      return error.problems.map((p) => p.slice(FILE.length + 2));
    }
    assert.fail('expected a ConfigError');
  };

  it("creates the issue's pipe from the table's stream through CreatePipe, and leaves it unchanged when applied again", async () => {
    assert.deepEqual(pipeReport(await apply(base)), ['+changes']);
    const pipe = (await stored('changes'))!;
    assert.match(pipe.Source, new RegExp(`^arn:aws:dynamodb:${ARN}:table/Orders/stream/`));
    assert.equal(pipe.Enrichment, `arn:aws:lambda:${ARN}:function:lookupCustomer`);
    assert.equal(pipe.Target, `arn:aws:events:${ARN}:event-bus/app`);
    assert.deepEqual(pipe.TargetParameters, { EventBridgeEventBusParameters: { Source: 'my-service.database', DetailType: '$.eventName' } });
    assert.equal(pipe.CurrentState, 'RUNNING');
    assert.deepEqual(changed, ['changes']);
    assert.deepEqual(pipeReport(await apply(base)), ['=changes']);
    assert.deepEqual(changed, ['changes']);
  });

  it('updates a changed target, filter or enrichment in place (keeping its stream position), and recreates it for a new starting position', async () => {
    await apply(base);
    const { consumerId } = (await stored('changes'))!;
    const retargeted = { ...base, pipes: { changes: { source: base.pipes.changes.source, target: { queue: 'out.fifo', messageGroupId: '$.eventName', inputTemplate: '<$.dynamodb.Keys>' } } } };
    assert.deepEqual(pipeReport(await apply(retargeted)), ['~changes filter changed, enrichment changed, target changed']);
    const updated = (await stored('changes'))!;
    assert.equal(updated.consumerId, consumerId);
    assert.deepEqual(updated.SourceParameters?.['FilterCriteria'], { Filters: [] });
    assert.equal(updated.Enrichment, '');
    assert.deepEqual(updated.TargetParameters, { InputTemplate: '<$.dynamodb.Keys>', SqsQueueParameters: { MessageGroupId: '$.eventName' } });
    assert.deepEqual(pipeReport(await apply(retargeted)), ['=changes']);

    const stopped = { ...retargeted, pipes: { changes: { ...retargeted.pipes.changes, enabled: false, source: { ...base.pipes.changes.source, batchSize: 5 } } } };
    assert.deepEqual(pipeReport(await apply(stopped)), ['~changes source settings changed, enabled true → false']);
    assert.equal((await stored('changes'))!.DesiredState, 'STOPPED');
    assert.equal((await stored('changes'))!.consumerId, consumerId);

    const latest = { ...stopped, pipes: { changes: { ...stopped.pipes.changes, source: { stream: 'Orders', startingPosition: 'LATEST' as const } } } };
    assert.deepEqual(pipeReport(await apply(latest)), ['~changes source changed, source settings changed, recreated']);
    assert.notEqual((await stored('changes'))!.consumerId, consumerId);
  });

  it('runs a queue source to a function of the config or of the API', async () => {
    const config = { ...base, pipes: { jobs: { source: { queue: 'jobs', batchSize: 5 }, target: { function: 'fromTheApi' } } } };
    assert.deepEqual(pipeReport(await apply(config)), ['+jobs']);
    assert.equal((await stored('jobs'))!.Source, `arn:aws:sqs:${ARN}:jobs`);
  });

  it('refuses names that exist nowhere, and what CreatePipe refuses, before writing anything', async () => {
    const { Orders: _orders, ...noOrders } = base.tables;
    assert.deepEqual(
      await refusal({
        ...base,
        tables: { ...noOrders, Plain: { partitionKey: { name: 'id', type: 'S' } } },
        pipes: {
          a: { source: { stream: 'Orders' }, target: { bus: 'nowhere' } },
          b: { source: { stream: 'Plain', deadLetter: { queue: 'dlq' } }, enrichment: { function: 'enrich' }, target: { function: 'missing' } },
          c: { source: { queue: 'jobs', batchSize: 20 }, target: { queue: 'jobs' } },
          d: { source: { queue: 'jobs' }, filter: [{ id: [{ 'anything-but': { prefix: 'x' } }] }], target: { queue: 'nope' } },
          e: { source: { queue: 'jobs' }, filter: [{ id: 'x' }], target: { queue: 'jobs' } },
        },
      }),
      [
        'pipes.a.source.stream: table Orders does not exist in this config or in storage',
        'pipes.a.target.bus: bus nowhere does not exist in this config or in storage',
        'pipes.b.source.stream: table Plain has no stream enabled (set tables.Plain.stream to a stream view type)',
        'pipes.b.source.deadLetter.queue: queue dlq does not exist in this config or in storage',
        'pipes.b.target.function: function missing does not exist in this config or in storage',
        'pipes.b.enrichment.function: function enrich does not exist in this config or in storage',
        `pipes.c: SourceParameters.SqsQueueParameters.BatchSize: BatchSize must be less than or equal to 10 for target arn:aws:sqs:${ARN}:jobs.`,
        'pipes.d.target.queue: queue nope does not exist in this config or in storage',
        'pipes.e: SourceParameters.FilterCriteria.Filters[0].Pattern: Invalid filter pattern: ' + (await patternMessage({ id: 'x' })),
      ],
    );
    assert.equal(await stored('a'), undefined);
  });
});

/** The pattern engine's own message for a pattern it refuses. */
async function patternMessage(pattern: object): Promise<string> {
  const { compilePattern } = await import('../../patterns/index.js');
  try {
    compilePattern(pattern);
  } catch (error) {
    return (error as Error).message;
  }
  return 'accepted';
}
