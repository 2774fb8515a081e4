import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../shared/clock.js';
import { silentLogger } from '../shared/logger.js';
import { openSqliteEngine, type SqliteEngine } from '../storage/sqlite/sqlite-engine.js';
import type { BusContext } from './bus-context.js';
import type { BusDefinition, RuleDefinition } from './bus-documents.js';
import { createEventBus } from './operations/create-event-bus.js';
import { deleteRule } from './operations/delete-rule.js';
import { disableRule } from './operations/disable-rule.js';
import { enableRule } from './operations/enable-rule.js';
import { putRule } from './operations/put-rule.js';
import { putTargets } from './operations/put-targets.js';
import { removeTargets } from './operations/remove-targets.js';
import { tagResource } from './operations/tag-resource.js';

/**
 * What others rely on: every rule and target write bumps its bus's version, the default bus's too (the
 * PutEvents matcher cache); a scheduled rule's next firing is its document's dueAt (the firing loop).
 */
describe('rule writes: bus versions and scheduled firings', () => {
  const clock = new ManualClock(Date.UTC(2026, 6, 1, 12));
  let engine: SqliteEngine;
  let ctx: BusContext;
  before(() => {
    engine = openSqliteEngine({ path: ':memory:', now: () => clock.now() });
    // The control-plane operations use the store, clock and deployment only (no router).
    const controlPlane: Omit<BusContext, 'router'> = { store: engine.bus, clock, deployment: { region: 'us-east-1', account: '000000000000' }, logger: silentLogger };
    ctx = controlPlane as BusContext;
  });
  after(() => engine.close());

  const version = async (bus: string) => (await engine.bus.getDocument<BusDefinition>('bus', '', bus))?.version;

  for (const bus of ['default', 'app']) {
    it(`${bus}: PutRule, PutTargets, RemoveTargets, tags and DeleteRule each bump it`, async () => {
      if (bus !== 'default') await createEventBus(ctx, { Name: bus });
      const seen: (number | undefined)[] = [];
      await putRule(ctx, { Name: 'r', EventBusName: bus, EventPattern: '{"source":["a"]}' });
      seen.push(await version(bus));
      await putTargets(ctx, { Rule: 'r', EventBusName: bus, Targets: [{ Id: 't', Arn: 'arn:aws:sqs:us-east-1:000000000000:q' }] });
      seen.push(await version(bus));
      await tagResource(ctx, { ResourceARN: `arn:aws:events:us-east-1:000000000000:rule/${bus === 'default' ? '' : `${bus}/`}r`, Tags: [{ Key: 'k', Value: 'v' }] });
      seen.push(await version(bus));
      await removeTargets(ctx, { Rule: 'r', EventBusName: bus, Ids: ['t'] });
      seen.push(await version(bus));
      await deleteRule(ctx, { Name: 'r', EventBusName: bus });
      seen.push(await version(bus));
      assert.ok(seen.every((v, i) => v !== undefined && (i === 0 || v > seen[i - 1]!)), `versions ${seen.join(', ')}`);
      assert.equal(await engine.bus.getDocument<RuleDefinition>('rule', bus, 'r'), undefined);
    });
  }

  it('a refused write changes nothing, the version included', async () => {
    await putRule(ctx, { Name: 'full', EventPattern: '{"source":["a"]}' });
    const unchanged = await version('default');
    const targets = Array.from({ length: 6 }, (_, i) => ({ Id: `t${i}`, Arn: 'arn:aws:sqs:us-east-1:000000000000:q' }));
    await assert.rejects(putTargets(ctx, { Rule: 'full', Targets: targets }), { code: 'LimitExceededException' });
    await assert.rejects(disableRule(ctx, { Name: 'missing' }), { code: 'ResourceNotFoundException' });
    assert.equal(await version('default'), unchanged);
    assert.deepEqual((await engine.bus.getDocument<RuleDefinition>('rule', 'default', 'full'))?.definition.Targets, []);
  });

  const MINUTE = 60_000;
  const dueAt = async (name: string) => (await engine.bus.getDocument<RuleDefinition>('rule', 'default', name))?.dueAt;

  it('a scheduled rule is due at its next firing: rate() from its creation, cron() in UTC; a pattern rule never', async () => {
    clock.set(Date.UTC(2026, 6, 1, 12, 0, 30));
    await putRule(ctx, { Name: 'every5', ScheduleExpression: 'rate(5 minutes)' });
    // Counted from the minute it was created in, so firings fall on second 0.
    assert.equal(await dueAt('every5'), Date.UTC(2026, 6, 1, 12, 5));
    await putRule(ctx, { Name: 'nightly', ScheduleExpression: 'cron(0 3 * * ? *)', EventPattern: '{"source":["a"]}' });
    assert.equal(await dueAt('nightly'), Date.UTC(2026, 6, 2, 3));
    await putRule(ctx, { Name: 'plain', EventPattern: '{"source":["a"]}' });
    assert.equal(await dueAt('plain'), undefined);
    await putRule(ctx, { Name: 'off', ScheduleExpression: 'rate(1 hour)', State: 'DISABLED' });
    assert.equal(await dueAt('off'), undefined);
  });

  it('putting the same schedule again keeps a firing still due; a new schedule starts again from now', async () => {
    clock.set(Date.UTC(2026, 6, 1, 12));
    await putRule(ctx, { Name: 'kept', ScheduleExpression: 'rate(10 minutes)' });
    assert.equal(await dueAt('kept'), Date.UTC(2026, 6, 1, 12, 10));
    clock.advance(25 * MINUTE); // Eddy was stopped: the 12:10 firing is still owed.
    await putRule(ctx, { Name: 'kept', ScheduleExpression: 'rate(10 minutes)', Description: 'changed' });
    assert.equal(await dueAt('kept'), Date.UTC(2026, 6, 1, 12, 10));
    await putRule(ctx, { Name: 'kept', ScheduleExpression: 'rate(1 hour)' });
    assert.equal(await dueAt('kept'), Date.UTC(2026, 6, 1, 13, 25));
  });

  it('DisableRule clears the next firing, EnableRule sets the next one after now on the same grid', async () => {
    clock.set(Date.UTC(2026, 6, 1, 12));
    await putRule(ctx, { Name: 'toggled', ScheduleExpression: 'rate(15 minutes)' });
    await disableRule(ctx, { Name: 'toggled' });
    assert.equal(await dueAt('toggled'), undefined);
    clock.advance(50 * MINUTE);
    await enableRule(ctx, { Name: 'toggled' });
    assert.equal(await dueAt('toggled'), Date.UTC(2026, 6, 1, 13));
    await enableRule(ctx, { Name: 'toggled' });
    assert.equal(await dueAt('toggled'), Date.UTC(2026, 6, 1, 13));
    await deleteRule(ctx, { Name: 'toggled' });
    assert.equal(await engine.bus.getDocument('rule', 'default', 'toggled'), undefined);
  });
});
