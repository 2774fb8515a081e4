import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { readServerlessConfig, type ServerlessConfig } from '../../src/templates/serverless/index.js';
import { startTestEddy, type TestEddy } from '../../test/helpers/eddy.js';
import { eventually } from '../../test/helpers/eventually.js';

const serverlessYml = fileURLToPath(new URL('./serverless.yml', import.meta.url));
const USERS = 'user-signup-users-dev';
const CRM = 'user-signup-crm-contacts-dev';

interface Email {
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
}

describe('examples/serverless-signup: serverless.yml → config → Eddy; a write to the users table reaches the CRM and the outbox', () => {
  let dir: string;
  let mapped: ServerlessConfig;
  let eddy: TestEddy;
  let outboxUrl: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eddy-serverless-signup-'));
    mapped = await readServerlessConfig(serverlessYml, {
      deployment: { region: 'us-east-1', account: '000000000000', endpoint: 'http://127.0.0.1:4566' },
      inlineCodeDir: join(dir, 'inline'),
      env: {},
    });
    // As `eddy start --serverless serverless.yml` runs it (in an empty directory: no eddy.config beside it).
    eddy = await startTestEddy({ serverless: serverlessYml, configDir: dir, triggers: { retryBaseMs: 20, retryMaxMs: 200 } });
    outboxUrl = (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'user-signup-outbox-dev' }))).QueueUrl!;
  });
  after(async () => {
    await eddy?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The next emails in the outbox (long polling: answers as soon as one is there). */
  const receive = async (): Promise<Email[]> => {
    const { Messages = [] } = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: outboxUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    return Messages.map((message) => JSON.parse(message.Body!) as Email);
  };
  /** Emails received until one goes to `to`; all of them. */
  const emailsUntil = async (to: string): Promise<Email[]> => {
    const seen: Email[] = [];
    await eventually(`an email to ${to}`, async () => {
      seen.push(...(await receive()));
      return seen.some((email) => email.to === to) ? seen : undefined;
    });
    return seen;
  };
  const contact = async (userId: string) => (await eddy.doc.send(new GetCommand({ TableName: CRM, Key: { userId } }))).Item;

  test('the service, stage, files read, outputs and the plugin notice', () => {
    assert.equal(mapped.service, 'user-signup');
    assert.equal(mapped.stage, 'dev');
    assert.deepEqual(mapped.files, [serverlessYml, fileURLToPath(new URL('./config/dev.yml', import.meta.url))]);
    assert.deepEqual(mapped.notices, ['plugins are ignored: serverless-esbuild']);
    assert.deepEqual(mapped.outputs.map(({ name, value }) => [name, value]), [
      ['UsersTableName', USERS],
      ['OutboxQueueUrl', 'http://127.0.0.1:4566/000000000000/user-signup-outbox-dev'],
    ]);
    // The running Eddy's outputs name its own endpoint.
    const template = eddy.config!.template!;
    assert.equal(template.kind, 'serverless');
    assert.deepEqual(template.outputs.map(({ name, value }) => [name, value]), [['UsersTableName', USERS], ['OutboxQueueUrl', outboxUrl]]);
    assert.deepEqual(template.notices, ['plugins are ignored: serverless-esbuild']);
    assert.deepEqual(Object.keys(mapped.config.functions ?? {}), [
      'user-signup-dev-createUser', 'user-signup-dev-getUser', 'user-signup-dev-syncCrm', 'user-signup-dev-sendWelcomeEmail',
    ]);
  });

  test('PutItem through the SDK: the CRM contact is written and one welcome email is queued', async () => {
    const createdAt = '2026-01-02T03:04:05.000Z';
    await eddy.doc.send(new PutCommand({ TableName: USERS, Item: { id: 'u-1', email: 'ada@analytical.example', name: 'Ada Lovelace', company: 'Analytical Engines', createdAt } }));
    assert.deepEqual(await eventually('the CRM contact of u-1', () => contact('u-1')), {
      userId: 'u-1', email: 'ada@analytical.example', name: 'Ada Lovelace', company: 'Analytical Engines',
      emailDomain: 'analytical.example', accountType: 'business', signupDate: '2026-01-02', deleted: false,
    });
    assert.deepEqual(await emailsUntil('ada@analytical.example'), [{
      messageId: 'welcome-u-1',
      from: 'welcome@dev.signup.example.com',
      to: 'ada@analytical.example',
      subject: 'Welcome, Ada Lovelace!',
      text: 'Hello Ada Lovelace,\n\nthank you for signing up for Analytical Engines.\n',
    }]);
  });

  test('MODIFY and REMOVE reach the CRM but, filtered out, send no email', async () => {
    await eddy.doc.send(new UpdateCommand({ TableName: USERS, Key: { id: 'u-1' }, UpdateExpression: 'SET #n = :n', ExpressionAttributeNames: { '#n': 'name' }, ExpressionAttributeValues: { ':n': 'Ada King' } }));
    await eventually('the renamed contact', () => contact('u-1'), { accept: (item) => item?.['name'] === 'Ada King' });
    await eddy.doc.send(new DeleteCommand({ TableName: USERS, Key: { id: 'u-1' } }));
    await eventually('the contact marked deleted', () => contact('u-1'), { accept: (item) => item?.['deleted'] === true });
    // A later sign-up's email comes after any email the MODIFY or REMOVE would have queued: only it arrives.
    await eddy.doc.send(new PutCommand({ TableName: USERS, Item: { id: 'u-2', email: 'kurt@gmail.com', name: 'Kurt Gödel', createdAt: '2026-01-03T00:00:00.000Z' } }));
    assert.deepEqual((await emailsUntil('kurt@gmail.com')).map((email) => email.messageId), ['welcome-u-2']);
    assert.equal((await eventually('the contact of u-2', () => contact('u-2')))?.['accountType'], 'personal');
  });

  test('the httpApi routes: POST /users creates (201), GET /users/{id} reads, bad input is a 400', async () => {
    const created = await fetch(`${eddy.httpEndpoint}/users`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'grace@navy.example', name: 'Grace Hopper' }),
    });
    assert.equal(created.status, 201);
    const user = await created.json() as { id: string; email: string };
    assert.equal(user.email, 'grace@navy.example');
    const read = await fetch(`${eddy.httpEndpoint}/users/${user.id}`);
    assert.deepEqual([read.status, ((await read.json()) as { name: string }).name], [200, 'Grace Hopper']);
    const missing = await fetch(`${eddy.httpEndpoint}/users/nobody`);
    assert.deepEqual([missing.status, await missing.json()], [404, { message: 'User nobody not found' }]);
    const bad = await fetch(`${eddy.httpEndpoint}/users`, { method: 'POST', body: JSON.stringify({ email: 'nope' }) });
    assert.deepEqual([bad.status, await bad.json()], [400, { message: 'email must be an email address such as ada@example.com; name must be a string of 1 to 100 characters' }]);
    assert.equal((await emailsUntil('grace@navy.example')).at(-1)?.subject, 'Welcome, Grace Hopper!');
  });
});
