import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTopicCommand, ListTopicsCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { queueArnOf, rejectsWith, snsClient, uniqueName } from './topics-fixtures.js';

describe('SNS with signatures verified', () => {
  let eddy: TestEddy;
  let sns: SNSClient;
  before(async () => {
    eddy = await startTestEddy({ auth: { credentials: [testCredentials] } });
    sns = snsClient(eddy);
  });
  after(async () => {
    sns.destroy();
    await eddy.stop();
  });

  it('signed requests are answered; a wrong secret or unknown key is refused with the query protocol codes', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName('auth') }));
    assert.ok(TopicArn);
    for (const [credentials, code] of [
      [{ accessKeyId: testCredentials.accessKeyId, secretAccessKey: 'wrong' }, 'SignatureDoesNotMatch'],
      [{ accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' }, 'InvalidClientTokenId'],
    ] as const) {
      const other = new SNSClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
      await rejectsWith(other.send(new ListTopicsCommand({})), code, 403);
      other.destroy();
    }
    const unsigned = await fetch(eddy.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=ListTopics&Version=2010-03-31' });
    assert.equal(unsigned.status, 403);
    assert.match(await unsigned.text(), /<Code>MissingAuthenticationToken<\/Code><Message>Request is missing Authentication Token<\/Message>/);
  });

  it('the UnsubscribeURL needs no signature, as on AWS', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName('auth-unsub') }));
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArnOf(uniqueName('q')) }));
    const visited = await fetch(`${eddy.endpoint}/?Action=Unsubscribe&SubscriptionArn=${SubscriptionArn}`);
    assert.equal(visited.status, 200);
    assert.match(await visited.text(), /^<\?xml version="1.0" encoding="UTF-8"\?>\n<UnsubscribeResponse xmlns="http:\/\/sns.amazonaws.com\/doc\/2010-03-31\/"><ResponseMetadata>/);
  });
});
