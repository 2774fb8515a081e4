import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTopicCommand, PublishCommand, SubscribeCommand, SNSClient } from '@aws-sdk/client-sns';
import { testCredentials } from '../helpers/eddy.js';
import { runEddyCli, startEddyCli, type CliProcess } from '../helpers/cli.js';
import { eventually } from '../helpers/eventually.js';

/** Starts `eddy topics tail ...args` and resolves once it follows the feed (it says so on stderr). */
async function startTail(args: string[]): Promise<CliProcess> {
  const tail = runEddyCli(['topics', 'tail', ...args]);
  await eventually('the tail to follow the topics', () => tail.stderr().includes('tailing') || tail.child.exitCode !== null, { accept: Boolean, timeoutMs: 60_000 });
  assert.equal(tail.child.exitCode, null, tail.stderr());
  return tail;
}

describe('eddy topics tail', () => {
  let server: CliProcess & { endpoint: string };
  let sns: SNSClient;
  before(async () => {
    server = await startEddyCli(['--port', '0', '--memory']);
    sns = new SNSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
  });
  after(async () => {
    sns.destroy();
    server.child.kill('SIGTERM');
    await server.exited;
  });

  it('prints captured emails (the confirmation with its SubscribeURL, then messages); --all adds each delivery attempt; a topic filter', async () => {
    // Started together: each is a CLI process of its own (tsx), slow to start on a loaded machine.
    const [tail, all, other] = await Promise.all([
      startTail(['--endpoint', server.endpoint]),
      startTail(['--endpoint', server.endpoint, '--all']),
      startTail(['--endpoint', server.endpoint, 'elsewhere']),
    ]);
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'signups' }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'crm@example.com' }));
    await eventually('the confirmation printed', () => tail.stdout().includes('Action=ConfirmSubscription'), { accept: Boolean });
    const url = /(http:\/\/\S+Action=ConfirmSubscription\S+)/.exec(tail.stdout())![1]!;
    assert.equal((await fetch(url)).status, 200);
    await sns.send(new PublishCommand({ TopicArn, Message: 'welcome, Ada', Subject: 'New user' }));
    await eventually('the email printed', () => tail.stdout().includes('welcome, Ada'), { accept: Boolean });
    assert.match(tail.stdout(), /signups {2}email → crm@example\.com {2}"New user"\n {4}welcome, Ada/);
    assert.doesNotMatch(tail.stdout(), /✓/);
    await eventually('the attempts printed', () => all.stdout().includes('✓ signups  email → crm@example.com  notification'), { accept: Boolean });
    assert.match(all.stdout(), /✓ signups {2}email → crm@example\.com {2}SubscriptionConfirmation/);
    assert.equal(other.stdout(), '', 'another topic’s tail prints nothing');
    for (const cli of [tail, all, other]) {
      cli.child.kill('SIGINT');
      await cli.exited;
    }
  });
});
