import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Browser, Page } from 'puppeteer-core';
import { startTestEddy, type TestEddy } from '../helpers/eddy.js';
import { eventually } from '../helpers/eventually.js';
import { WAIT, chromiumPath, noChromium } from './chromium.js';

/** The console showing what is failing (a mapping whose function throws, a dead-letter queue) and acting on it. */
describe('the console on failures', { skip: noChromium() }, () => {
  let dir: string;
  let eddy: TestEddy;
  let browser: Browser;
  let page: Page;
  before(async () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'eddy-console-')));
    writeFileSync(join(dir, 'charge.mjs'), "export const handler = async () => {\n  throw new Error('card declined');\n};\n");
    writeFileSync(join(dir, 'eddy.config.json'), JSON.stringify({
      tables: { payments: { partitionKey: { name: 'id', type: 'S' }, stream: 'NEW_IMAGE' } },
      functions: { charge: { handler: 'charge.mjs#handler', events: [{ stream: { table: 'payments', startingPosition: 'TRIM_HORIZON' } }] } },
    }));
    eddy = await startTestEddy({ config: join(dir, 'eddy.config.json') });
    const { default: puppeteer } = await import('puppeteer-core');
    browser = await puppeteer.launch({ executablePath: chromiumPath()!, args: ['--headless=new', '--no-sandbox'] });
    page = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
    await eddy?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws a mapping whose function fails in red, with its error', async () => {
    await page.goto(`${eddy.endpoint}/_eddy/console/#/overview`);
    await page.waitForSelector('g.node.mapping:not(.problem)', WAIT);
    await eddy.ddb.send(new PutItemCommand({ TableName: 'payments', Item: { id: { S: 'p-1' } } }));
    await page.waitForSelector('g.node.mapping.problem', WAIT);
    const attention = await page.waitForSelector('tr.bad-row', WAIT);
    assert.match((await attention!.evaluate((el) => el.textContent))!, /charge.*Error: card declined/);
    await page.goto(`${eddy.endpoint}/_eddy/console/#/mappings`);
    const row = await page.waitForSelector('tr.bad-row[data-mapping]', WAIT);
    assert.match((await row!.evaluate((el) => el.textContent))!, /payments.*charge.*RETRYING/);
  });

  it('draws a function\'s invocations per second (this node\'s counters) on the overview', async () => {
    await page.goto(`${eddy.endpoint}/_eddy/console/#/overview`);
    await page.waitForSelector('[data-node="function:charge"]', WAIT);
    let invoking = true;
    const invocations = (async () => {
      while (invoking) await eddy.admin('/_eddy/functions/invoke', { function: 'charge', payload: {} });
    })();
    try {
      await page.waitForFunction(() => /busy \/ \d+ warm · [\d.]+\/s$/m.test((globalThis as any).document.querySelector('[data-node="function:charge"] title')?.textContent ?? ''), WAIT);
    } finally {
      invoking = false;
      await invocations;
    }
  });

  it('retries the blocking batch now, disables and enables the mapping from the Mappings view', async () => {
    await page.goto(`${eddy.endpoint}/_eddy/console/#/mappings`);
    await (await page.waitForSelector('tr.bad-row [data-action="retry"]', WAIT))!.click();
    const note = await page.waitForSelector('[data-note="ok"]', WAIT);
    assert.match((await note!.evaluate((el) => el.textContent))!, /Retrying .* blocking batch now/);
    const state = async () => ((await (await fetch(`${eddy.endpoint}/_eddy/mappings`)).json()) as { mappings: { state: string }[] }).mappings[0]!.state;
    await page.click('[data-action="disable"]');
    await page.waitForSelector('[data-action="enable"]', WAIT);
    // Disabling until the mapping's consumer has let its shard go.
    assert.equal(await eventually('the mapping Disabled', state, { accept: (s) => s !== 'Disabling' }), 'Disabled');
    await page.click('[data-action="enable"]');
    await page.waitForSelector('[data-action="disable"]', WAIT);
    assert.equal(await state(), 'Enabled');
  });

  it('follows the mappings feed, and polls while the feed is down', async () => {
    const uuid = ((await (await fetch(`${eddy.endpoint}/_eddy/mappings`)).json()) as { mappings: { uuid: string }[] }).mappings[0]!.uuid;
    await page.goto(`${eddy.endpoint}/_eddy/console/#/mappings`);
    await page.waitForSelector('[data-feed="live"] [data-action="disable"]', WAIT);
    // Changed elsewhere (as `eddy mappings` would): the view hears it from the feed, no reload asked.
    await eddy.admin('/_eddy/mappings/disable', { uuid });
    await page.waitForSelector('[data-feed="live"] [data-action="enable"]', WAIT);

    const cut = await browser.newPage();
    try {
      await cut.setRequestInterception(true);
      cut.on('request', (request) => (request.url().endsWith('/_eddy/mappings/feed') ? request.abort() : request.continue()));
      await cut.goto(`${eddy.endpoint}/_eddy/console/#/mappings`);
      await cut.waitForSelector('[data-feed="polling"] [data-action="enable"]', WAIT);
      await eddy.admin('/_eddy/mappings/enable', { uuid });
      await cut.waitForSelector('[data-feed="polling"] [data-action="disable"]', WAIT);
    } finally {
      await cut.close();
    }
  });

  it('moves a dead-letter queue\'s messages back to their queue on Redrive', async () => {
    const dlq = await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'jobs-dlq' }));
    const { Attributes } = await eddy.sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }));
    const jobs = await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'jobs', Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes!.QueueArn, maxReceiveCount: 1 }) } }));
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl: jobs.QueueUrl, MessageBody: 'job 1' }));
    // Received once and not deleted: the next receive moves it to jobs-dlq (maxReceiveCount 1).
    await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: jobs.QueueUrl, VisibilityTimeout: 0 }));
    await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: jobs.QueueUrl, VisibilityTimeout: 0 }));

    await page.goto(`${eddy.endpoint}/_eddy/console/#/queues`);
    const redrive = await page.waitForSelector('tr.bad-row[data-queue="jobs-dlq"] [data-action="redrive"]:not([disabled])', WAIT);
    await redrive!.click();
    await page.waitForSelector('.note.ok', WAIT);
    const visible = (url: string) => eddy.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] })).then((a) => a.Attributes!.ApproximateNumberOfMessages);
    await eventually('the message back in jobs', () => visible(jobs.QueueUrl!), { accept: (n) => n === '1' });
    assert.equal(await visible(dlq.QueueUrl!), '0');
    await page.waitForSelector('tr[data-queue="jobs-dlq"]:not(.bad-row)', WAIT);
  });

  it('invokes a function from the Functions view and shows its error', async () => {
    await page.goto(`${eddy.endpoint}/_eddy/console/#/functions/charge`);
    await (await page.waitForSelector('[data-action="invoke"]', WAIT))!.click();
    const result = await page.waitForSelector('[data-invoke-result="error"]', WAIT);
    assert.match((await result!.evaluate((el) => el.textContent))!, /Function error.*card declined/s);
  });
});
