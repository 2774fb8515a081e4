import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DisableRuleCommand, EnableRuleCommand, PutRuleCommand, PutTargetsCommand, type Target } from '@aws-sdk/client-eventbridge';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { drainMessages, newQueue, newRule, type TestQueue } from './delivery-fixtures.js';
import { ruleArnOf, uniqueName } from './events-fixtures.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A scheduled rule on the default bus with these targets; returns its name. */
async function scheduledRule(eddy: TestEddy, ScheduleExpression: string, targets: Target[]): Promise<string> {
  const Name = uniqueName('scheduled');
  await eddy.events.send(new PutRuleCommand({ Name, ScheduleExpression }));
  await eddy.events.send(new PutTargetsCommand({ Rule: Name, Targets: targets }));
  return Name;
}

/** Fires what is due at the clock's now, delivers it, and returns the bodies that reached the queue. */
async function fired(eddy: TestEddy, queue: TestQueue): Promise<string[]> {
  await eddy.admin('/_eddy/bus/schedules/fire');
  await eddy.admin('/_eddy/bus/deliver');
  return (await drainMessages(eddy, queue)).map((message) => message.Body!);
}
const timesOf = (bodies: string[]) => bodies.map((body) => JSON.parse(body).time as string).sort();

/** The Scheduled Event of SEMANTICS C.5, byte for byte, in the envelope's field order (C.3). */
function assertScheduledEvent(body: string, rule: string, time: string): void {
  const id = JSON.parse(body).id as string;
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(
    body,
    `{"version":"0","id":"${id}","detail-type":"Scheduled Event","source":"aws.events","account":"000000000000",` +
      `"time":"${time}","region":"us-east-1","resources":["${ruleArnOf('default', rule)}"],"detail":{}}`,
  );
}

describe('EventBridge scheduled rules fire on the clock', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(Date.UTC(2026, 6, 1, 12, 0, 30));
  before(async () => {
    eddy = await startTestEddy({ clock });
  });
  after(() => eddy.stop());

  it('rate(5 minutes): the Scheduled Event at each firing, counted from the minute the rule was put, once each', async () => {
    clock.set(Date.UTC(2026, 6, 1, 12, 0, 30));
    const queue = await newQueue(eddy, 'rate');
    const rule = await scheduledRule(eddy, 'rate(5 minutes)', [{ Id: 'q', Arn: queue.arn }]);
    clock.set(Date.UTC(2026, 6, 1, 12, 4, 59, 999));
    assert.deepEqual(await fired(eddy, queue), []);
    clock.set(Date.UTC(2026, 6, 1, 12, 5));
    const [first, ...more] = await fired(eddy, queue);
    assert.deepEqual(more, []);
    assertScheduledEvent(first!, rule, '2026-07-01T12:05:00Z');
    assert.deepEqual(await fired(eddy, queue), []);
    clock.set(Date.UTC(2026, 6, 1, 12, 10, 40));
    const [second] = await fired(eddy, queue);
    assertScheduledEvent(second!, rule, '2026-07-01T12:10:00Z');
    assert.notEqual(JSON.parse(second!).id, JSON.parse(first!).id);
  });

  it('cron() with L: 23:30 UTC on the last day of each month, nothing the day before', async () => {
    clock.set(Date.UTC(2026, 6, 30, 0, 0));
    const queue = await newQueue(eddy, 'cron');
    const rule = await scheduledRule(eddy, 'cron(30 23 L * ? *)', [{ Id: 'q', Arn: queue.arn }]);
    clock.set(Date.UTC(2026, 6, 30, 23, 30));
    assert.deepEqual(await fired(eddy, queue), []);
    clock.set(Date.UTC(2026, 6, 31, 23, 29, 59));
    assert.deepEqual(await fired(eddy, queue), []);
    clock.set(Date.UTC(2026, 6, 31, 23, 30));
    const [july] = await fired(eddy, queue);
    assertScheduledEvent(july!, rule, '2026-07-31T23:30:00Z');
    clock.set(Date.UTC(2026, 7, 31, 23, 30, 5));
    const [august] = await fired(eddy, queue);
    assertScheduledEvent(august!, rule, '2026-08-31T23:30:00Z');
  });

  it('DisableRule stops the firings; EnableRule resumes them on the same grid, without the disabled time', async () => {
    clock.set(Date.UTC(2026, 8, 1, 8, 0, 10));
    const queue = await newQueue(eddy, 'toggled');
    const rule = await scheduledRule(eddy, 'rate(10 minutes)', [{ Id: 'q', Arn: queue.arn, InputPath: '$.time' }]);
    clock.set(Date.UTC(2026, 8, 1, 8, 10));
    assert.deepEqual(await fired(eddy, queue), ['"2026-09-01T08:10:00Z"']);
    await eddy.events.send(new DisableRuleCommand({ Name: rule }));
    clock.set(Date.UTC(2026, 8, 1, 9, 15));
    assert.deepEqual(await fired(eddy, queue), []);
    await eddy.events.send(new EnableRuleCommand({ Name: rule }));
    assert.deepEqual(await fired(eddy, queue), []);
    clock.set(Date.UTC(2026, 8, 1, 9, 20));
    assert.deepEqual(await fired(eddy, queue), ['"2026-09-01T09:20:00Z"']);
  });

  it('a rule put again with another schedule fires on the new grid from then on', async () => {
    clock.set(Date.UTC(2026, 9, 1, 6, 0, 0));
    const queue = await newQueue(eddy, 'regrid');
    const rule = await scheduledRule(eddy, 'rate(1 hour)', [{ Id: 'q', Arn: queue.arn, InputPath: '$.time' }]);
    clock.set(Date.UTC(2026, 9, 1, 6, 20, 0));
    await eddy.events.send(new PutRuleCommand({ Name: rule, ScheduleExpression: 'cron(45 * * * ? *)' }));
    clock.set(Date.UTC(2026, 9, 1, 7, 0, 0));
    assert.deepEqual(await fired(eddy, queue), ['"2026-10-01T06:45:00Z"']);
  });

  it("a pattern rule of the default bus matching source aws.events does not receive another rule's Scheduled Events", async () => {
    clock.set(Date.UTC(2026, 10, 1, 0, 0, 0));
    const watched = await newQueue(eddy, 'watcher');
    await newRule(eddy, undefined, { source: ['aws.events'] }, [{ Id: 'q', Arn: watched.arn }]);
    const queue = await newQueue(eddy, 'ticker');
    await scheduledRule(eddy, 'rate(1 minute)', [{ Id: 'q', Arn: queue.arn }]);
    clock.set(Date.UTC(2026, 10, 1, 0, 2, 0));
    assert.deepEqual(timesOf(await fired(eddy, queue)), ['2026-11-01T00:01:00Z', '2026-11-01T00:02:00Z']);
    assert.deepEqual(await drainMessages(eddy, watched), []);
  });
});

describe('EventBridge scheduled rules across a restart', () => {
  const data = mkdtempSync(join(tmpdir(), 'eddy-schedules-'));
  after(() => rmSync(data, { recursive: true, force: true }));

  it('fires each firing missed while Eddy was stopped once on start, within the last 24 h; a rule disabled before does not', async () => {
    const clock = new ManualClock(Date.UTC(2026, 6, 1, 12, 0, 30));
    let eddy = await startTestEddy({ clock, data });
    const queue = await newQueue(eddy, 'restart');
    const hourly = await newQueue(eddy, 'restart-hourly');
    const off = await newQueue(eddy, 'restart-off');
    await scheduledRule(eddy, 'rate(5 minutes)', [{ Id: 'q', Arn: queue.arn, InputPath: '$.time' }]);
    await scheduledRule(eddy, 'rate(1 hour)', [{ Id: 'q', Arn: hourly.arn, InputPath: '$.time' }]);
    const disabled = await scheduledRule(eddy, 'rate(1 minute)', [{ Id: 'q', Arn: off.arn }]);
    await eddy.events.send(new DisableRuleCommand({ Name: disabled }));
    await eddy.stop();

    clock.set(Date.UTC(2026, 6, 1, 12, 22, 10));
    eddy = await startTestEddy({ clock, data });
    try {
      // Fired on start; the fire call here finds nothing more.
      assert.deepEqual(await eddy.admin('/_eddy/bus/schedules/fire'), { rules: 0, firings: 0, skipped: 0, failed: 0 });
      await eddy.admin('/_eddy/bus/deliver');
      const bodies = (await drainMessages(eddy, queue)).map((m) => JSON.parse(m.Body!) as string).sort();
      assert.deepEqual(bodies, ['2026-07-01T12:05:00Z', '2026-07-01T12:10:00Z', '2026-07-01T12:15:00Z', '2026-07-01T12:20:00Z']);
      assert.deepEqual(await drainMessages(eddy, hourly), []);
      assert.deepEqual(await drainMessages(eddy, off), []);
      await eddy.stop();

      // Three days away: of the hourly rule's firings, those of the last 24 h only.
      clock.set(Date.UTC(2026, 6, 4, 12, 30));
      eddy = await startTestEddy({ clock, data });
      await eddy.admin('/_eddy/bus/deliver');
      const hours = (await drainMessages(eddy, hourly)).map((m) => JSON.parse(m.Body!) as string).sort();
      assert.equal(hours.length, 24);
      assert.equal(hours[0], '2026-07-03T13:00:00Z');
      assert.equal(hours.at(-1), '2026-07-04T12:00:00Z');
      // And of the five-minute rule's 288 in that window, the latest 60.
      const fives = (await drainMessages(eddy, queue)).map((m) => JSON.parse(m.Body!) as string).sort();
      assert.equal(fives.length, 60);
      assert.deepEqual([fives[0], fives.at(-1)], ['2026-07-04T07:35:00Z', '2026-07-04T12:30:00Z']);
      assert.deepEqual(await drainMessages(eddy, off), []);
      clock.advance(HOUR / 2);
      assert.deepEqual(await fired(eddy, hourly), ['"2026-07-04T13:00:00Z"']);
    } finally {
      await eddy.stop();
    }
  });
});
