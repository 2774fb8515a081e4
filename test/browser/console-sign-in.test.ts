import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import type { Browser, Page } from 'puppeteer-core';
import { startTestEddy, testCredentials, type TestEddy } from '../helpers/eddy.js';
import { WAIT, chromiumPath, noChromium } from './chromium.js';

/** The console on an Eddy started with --auth-file: signed in with a key pair, its JSON and its feeds read through the session. */
describe('the console signs in when Eddy verifies signatures', { skip: noChromium() }, () => {
  let eddy: TestEddy;
  let browser: Browser;
  let page: Page;
  before(async () => {
    eddy = await startTestEddy({ auth: { credentials: [testCredentials] } });
    await eddy.ddb.send(new CreateTableCommand({ TableName: 'signed', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
    const { default: puppeteer } = await import('puppeteer-core');
    browser = await puppeteer.launch({ executablePath: chromiumPath()!, args: ['--headless=new', '--no-sandbox'] });
    page = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
    await eddy?.stop();
  });

  /** Types into a field as a user does (its old text selected and replaced), so the page's state follows. */
  const type = async (selector: string, text: string) => {
    await page.click(selector, { count: 3 });
    await page.keyboard.press('Backspace');
    await page.type(selector, text);
  };
  const fill = async (id: string, secret: string) => {
    await page.waitForSelector('[data-sign-in]', WAIT);
    await type('input[name="accessKeyId"]', id);
    await type('input[name="secretAccessKey"]', secret);
    await page.click('[data-sign-in] button[type="submit"]');
  };

  it('asks for a key pair, refuses a wrong one, then shows the tables and a live feed; signing out asks again', async () => {
    await page.goto(`${eddy.endpoint}/_eddy/console/#/tables`);
    await fill(testCredentials.accessKeyId, 'wrong');
    await page.waitForSelector('[data-sign-in] [data-error="UnrecognizedClientException"]', WAIT);
    await fill(testCredentials.accessKeyId, testCredentials.secretAccessKey);
    await page.waitForFunction(`document.body.textContent.includes('signed')`, WAIT); // the table list, read through the session
    assert.equal(await page.evaluate('document.cookie'), '', 'the session cookie is HttpOnly: no script reads it');
    // An EventSource sends no signature: the stream's live tail opens on the cookie alone.
    const opened = await page.evaluate(
      `new Promise((resolve) => { const feed = new EventSource('/_eddy/progress/feed'); feed.onopen = () => { feed.close(); resolve('open'); }; feed.onerror = () => { feed.close(); resolve('refused'); }; })`,
    );
    assert.equal(opened, 'open');
    await page.click('[data-sign-out]');
    await page.waitForSelector('[data-sign-in]', WAIT);
    await page.reload();
    await page.waitForSelector('[data-sign-in]', WAIT);
  });
});
