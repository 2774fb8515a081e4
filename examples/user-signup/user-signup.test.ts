import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { startTestEddy, type TestEddy } from '../../test/helpers/eddy.js';
import { eventually } from '../../test/helpers/eventually.js';
import { readOutbox, startSmtpCapture, type CapturedMail, type SmtpCapture } from './smtp-capture.js';
import type { User } from './src/user.js';

const config = fileURLToPath(new URL('./eddy.config.ts', import.meta.url));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('examples/user-signup: an HTTP API writing one table, three stream consumers', () => {
  let eddy: TestEddy;
  let smtp: SmtpCapture;
  let dataDir: string;
  let outbox: string;
  const users: Record<string, User> = {};

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'eddy-user-signup-'));
    outbox = join(dataDir, 'outbox');
    smtp = await startSmtpCapture({ port: 0, outboxDir: outbox });
    // Read by eddy.config.ts when Eddy loads it (this file runs in its own process).
    process.env.USER_SIGNUP_DATA = dataDir;
    process.env.SMTP_PORT = String(smtp.port);
    eddy = await startTestEddy({ config, triggers: { retryBaseMs: 20, retryMaxMs: 200 } });
  });
  after(async () => {
    await eddy?.stop();
    await smtp?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }> {
    const res = await fetch(`${eddy.httpEndpoint}${path}`, {
      method,
      ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : JSON.parse(text), headers: res.headers };
  }
  const search = async (q: string) => {
    const res = await call('GET', `/users/search?q=${encodeURIComponent(q)}`);
    assert.equal(res.status, 200);
    return res.body.results as { id: string; name: string; email: string; score: number }[];
  };
  /** The search results' ids, once they are `expected` (the index follows the stream). */
  const searchSettles = (q: string, expected: string[]) =>
    eventually(`search "${q}" → ${JSON.stringify(expected)}`, async () => (await search(q)).map((hit) => hit.id), {
      accept: (ids) => JSON.stringify(ids) === JSON.stringify(expected),
    });
  const contact = async (userId: string) => (await eddy.doc.send(new GetCommand({ TableName: 'crm-contacts', Key: { userId } }))).Item;
  const logsOf = async (fn: string): Promise<string[]> =>
    ((await eddy.admin('/_eddy/functions/logs', { function: fn, limit: 1000 })).lines as { message: string }[]).map((line) => line.message);
  const recipients = (mails: CapturedMail[]) => mails.map((mail) => mail.headers['delivered-to']).sort();

  test('bad input answers 400 with every problem; unknown users 404; search before any sign-up is empty', async () => {
    assert.deepEqual(await call('POST', '/users', {}).then((r) => [r.status, r.body]), [
      400,
      { message: 'email must be an email address such as ada@example.com; name must be a string of 1 to 100 characters, without control characters' },
    ]);
    const wrong = await call('POST', '/users', { email: 'ada@', name: 'Ada\r\nBcc: everyone@example.com', role: 'admin' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.message, 'Unknown field "role" (expected email, name, company); email must be an email address such as ada@example.com; name must be a string of 1 to 100 characters, without control characters');
    assert.deepEqual((await call('POST', '/users', 'not json')).body, { message: 'The request body must be a JSON object' });
    assert.deepEqual(await call('GET', '/users/nobody').then((r) => [r.status, r.body]), [404, { message: 'User nobody not found' }]);
    assert.deepEqual(await call('PATCH', '/users/nobody', { name: 'X' }).then((r) => [r.status, r.body]), [404, { message: 'User nobody not found' }]);
    assert.deepEqual(await call('PATCH', '/users/nobody', {}).then((r) => [r.status, r.body]), [400, { message: 'Nothing to change: send at least one of email, name, company' }]);
    assert.deepEqual(await call('DELETE', '/users/nobody').then((r) => [r.status, r.body]), [404, { message: 'User nobody not found' }]);
    assert.deepEqual(await call('GET', '/users/search?q=%20-%20').then((r) => [r.status, r.body]), [400, { message: 'The query parameter q must contain at least one word' }]);
    assert.deepEqual(await search('ada'), []);
  });

  test('POST /users creates users (201), GET /users/{id} reads them', async () => {
    const input = {
      ada: { email: ' Ada@Analytical.example ', name: 'Ada   Lovelace', company: 'Analytical Engines' },
      grace: { email: 'grace@navy.example', name: 'Grace Hopper' },
      kurt: { email: 'kurt.godel@gmail.com', name: 'Kurt Gödel' },
    };
    for (const [key, body] of Object.entries(input)) {
      const res = await call('POST', '/users', body);
      assert.equal(res.status, 201);
      users[key] = res.body;
      assert.match(res.body.id, UUID);
      assert.match(res.body.createdAt, ISO);
      assert.equal(res.body.updatedAt, res.body.createdAt);
      assert.equal(res.headers.get('location'), `/users/${res.body.id}`);
    }
    const { ada, grace, kurt } = users as Record<'ada' | 'grace' | 'kurt', User>;
    assert.deepEqual(ada, { id: ada.id, email: 'ada@analytical.example', name: 'Ada Lovelace', company: 'Analytical Engines', createdAt: ada.createdAt, updatedAt: ada.createdAt });
    assert.deepEqual(kurt, { id: kurt.id, email: 'kurt.godel@gmail.com', name: 'Kurt Gödel', createdAt: kurt.createdAt, updatedAt: kurt.createdAt });
    for (const user of [ada, grace, kurt]) assert.deepEqual(await call('GET', `/users/${user.id}`).then((r) => [r.status, r.body]), [200, user]);
  });

  test('the search indexer fills the FTS5 index: names, email words, company, prefixes, diacritics', async () => {
    const { ada, grace, kurt } = users as Record<'ada' | 'grace' | 'kurt', User>;
    await searchSettles('lovelace', [ada.id]);
    await searchSettles('godel', [kurt.id]);
    await searchSettles('navy', [grace.id]);
    assert.deepEqual((await search('Lov')).map(({ id, name, email }) => ({ id, name, email })), [{ id: ada.id, name: 'Ada Lovelace', email: 'ada@analytical.example' }]);
    assert.deepEqual((await search('engines')).map((hit) => hit.id), [ada.id]);
    assert.deepEqual((await search('gmail.com')).map((hit) => hit.id), [kurt.id]);
    assert.deepEqual((await search('ada hopper')).map((hit) => hit.id), [], 'every word must match');
    const [hit] = await search('grace');
    assert.equal(hit!.id, grace.id);
    assert.ok(hit!.score > 0, `score ${hit!.score}`);
  });

  test('the CRM sync writes enriched contacts', async () => {
    const { ada, grace, kurt } = users as Record<'ada' | 'grace' | 'kurt', User>;
    const expected = {
      [ada.id]: {
        userId: ada.id, email: 'ada@analytical.example', emailDomain: 'analytical.example', displayName: 'Ada Lovelace (Analytical Engines)',
        firstName: 'Ada', lastName: 'Lovelace', company: 'Analytical Engines', accountType: 'business', lifecycleStage: 'lead',
        signupDate: ada.createdAt.slice(0, 10), sourceUpdatedAt: ada.updatedAt, deleted: false,
      },
      [grace.id]: {
        userId: grace.id, email: 'grace@navy.example', emailDomain: 'navy.example', displayName: 'Grace Hopper', firstName: 'Grace',
        lastName: 'Hopper', accountType: 'business', lifecycleStage: 'lead', signupDate: grace.createdAt.slice(0, 10),
        sourceUpdatedAt: grace.updatedAt, deleted: false,
      },
      [kurt.id]: {
        userId: kurt.id, email: 'kurt.godel@gmail.com', emailDomain: 'gmail.com', displayName: 'Kurt Gödel', firstName: 'Kurt',
        lastName: 'Gödel', accountType: 'personal', lifecycleStage: 'subscriber', signupDate: kurt.createdAt.slice(0, 10),
        sourceUpdatedAt: kurt.updatedAt, deleted: false,
      },
    };
    for (const [id, want] of Object.entries(expected)) {
      assert.deepEqual(await eventually(`CRM contact ${id}`, () => contact(id)), want);
    }
  });

  test('the welcome email reaches the SMTP capture: one .eml per user', async () => {
    const { ada, grace, kurt } = users as Record<'ada' | 'grace' | 'kurt', User>;
    const mails = await eventually('3 welcome emails', () => readOutbox(outbox), { accept: (m) => m.length >= 3 });
    assert.deepEqual(recipients(mails), [ada.email, grace.email, kurt.email].sort());
    const byRecipient = new Map(mails.map((mail) => [mail.headers['delivered-to'], mail]));
    const kurts = byRecipient.get(kurt.email)!;
    assert.equal(kurts.headers['to'], 'Kurt Gödel <kurt.godel@gmail.com>'); // an encoded word on the wire, decoded here
    assert.equal(kurts.headers['subject'], 'Welcome, Kurt Gödel!');
    assert.equal(kurts.headers['from'], '"The Eddy team" <welcome@signup.example.com>');
    assert.equal(kurts.headers['return-path'], '<welcome@signup.example.com>');
    assert.equal(kurts.headers['message-id'], `<welcome-${kurt.id}@signup.example.com>`);
    assert.equal(kurts.body, `Hi Kurt,\r\n\r\nThanks for signing up. Your account is ready:\r\n\r\n  id:    ${kurt.id}\r\n  email: ${kurt.email}\r\n\r\nSee you soon!\r\n`);
    assert.equal(byRecipient.get(ada.email)!.headers['to'], '"Ada Lovelace" <ada@analytical.example>');
    assert.equal(byRecipient.get(ada.email)!.headers['subject'], 'Welcome, Ada Lovelace!');
    assert.equal(byRecipient.get(grace.email)!.headers['subject'], 'Welcome, Grace Hopper!');
  });

  test('PATCH /users/{id} changes the user; search and CRM follow; no email for a change', async () => {
    const ada = users['ada']!;
    const res = await call('PATCH', `/users/${ada.id}`, { name: 'Ada King', company: null });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { id: ada.id, email: ada.email, name: 'Ada King', createdAt: ada.createdAt, updatedAt: res.body.updatedAt });
    assert.match(res.body.updatedAt, ISO);
    assert.ok(res.body.updatedAt >= ada.createdAt);
    assert.deepEqual((await call('GET', `/users/${ada.id}`)).body, res.body);
    users['ada'] = res.body;

    await searchSettles('king', [ada.id]);
    assert.deepEqual(await search('lovelace'), [], 'the old name is gone from the index');
    assert.deepEqual(await search('engines'), [], 'so is the removed company');
    const updated = await eventually('the CRM contact renamed', () => contact(ada.id), { accept: (c) => c?.['displayName'] === 'Ada King' });
    assert.deepEqual(updated, {
      userId: ada.id, email: ada.email, emailDomain: 'analytical.example', displayName: 'Ada King', firstName: 'Ada', lastName: 'King',
      accountType: 'business', lifecycleStage: 'lead', signupDate: ada.createdAt.slice(0, 10), sourceUpdatedAt: res.body.updatedAt, deleted: false,
    });
  });

  test('DELETE /users/{id} → 204; gone from search; the CRM contact is marked deleted', async () => {
    const grace = users['grace']!;
    const res = await call('DELETE', `/users/${grace.id}`);
    assert.deepEqual([res.status, res.body], [204, undefined]);
    assert.equal((await call('GET', `/users/${grace.id}`)).status, 404);
    await searchSettles('grace', []);
    const deleted = await eventually('the CRM contact marked deleted', () => contact(grace.id), { accept: (c) => c?.['deleted'] === true });
    assert.match(deleted!['deletedAt'], ISO);
    assert.deepEqual(deleted, {
      userId: grace.id, email: grace.email, emailDomain: 'navy.example', displayName: 'Grace Hopper', firstName: 'Grace', lastName: 'Hopper',
      accountType: 'business', lifecycleStage: 'lead', signupDate: grace.createdAt.slice(0, 10), sourceUpdatedAt: grace.updatedAt,
      deleted: true, deletedAt: deleted!['deletedAt'],
    });
  });

  test('with the mail server down only the email waits; once it is back each pending user gets exactly one email', async () => {
    const port = smtp.port;
    await smtp.stop();
    const create = async (name: string, email: string) => {
      const res = await call('POST', '/users', { name, email });
      assert.equal(res.status, 201);
      return res.body as User;
    };
    // The email consumer gets stuck on Frances: its batch fails and is retried with backoff.
    const frances = await create('Frances Allen', 'frances@ibm.example');
    await eventually('a refused SMTP connection in the email function log', logsOf.bind(null, 'sendWelcomeEmail'), {
      accept: (lines) => lines.some((line) => line.includes(`welcome email failed`) && line.includes('ECONNREFUSED')),
    });
    // These queue up behind her; bob's domain will be refused for good (550).
    const edsger = await create('Edsger Dijkstra', 'edsger@eindhoven.example');
    const barbara = await create('Barbara Liskov', 'barbara@mit.example');
    const bob = await create('Bob Nowhere', 'bob@nowhere.invalid');

    // Search and CRM catch up meanwhile; no email can arrive (no server), and none did.
    await searchSettles('frances', [frances.id]);
    await searchSettles('liskov', [barbara.id]);
    await searchSettles('nowhere', [bob.id]);
    for (const user of [frances, edsger, barbara, bob]) await eventually(`CRM contact of ${user.name}`, () => contact(user.id));
    assert.equal((await readOutbox(outbox)).length, 3);

    // Back on the same port, greylisting: every first attempt is refused with 451 (a partial batch failure).
    smtp = await startSmtpCapture({ port, outboxDir: outbox, greylist: true });
    await eventually('the permanent refusal of bob@nowhere.invalid logged', logsOf.bind(null, 'sendWelcomeEmail'), {
      accept: (lines) => lines.some((line) => line.includes('welcome email to bob@nowhere.invalid refused, not retried: SMTP server')),
    });
    // Bob's record comes last: the others are delivered by now. Each user exactly once, across the whole run.
    const { ada, grace, kurt } = users as Record<'ada' | 'grace' | 'kurt', User>;
    assert.deepEqual(recipients(await readOutbox(outbox)), [ada, grace, kurt, frances, edsger, barbara].map((u) => u.email).sort());
    // Edsger, Barbara and bob came in one batch; greylisting failed it at Edsger, and a retry resumed there.
    const lines = await logsOf('sendWelcomeEmail');
    assert.ok(lines.some((line) => line.includes('(3 records left for a retry)') && line.includes('451 4.7.1 Greylisted')), 'a three-record batch was partly retried');
  });
});
