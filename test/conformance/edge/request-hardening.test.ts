import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { CreateTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import type { Logger } from '../../../src/shared/logger.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';

const AUTH = 'AWS4-HMAC-SHA256 Credential=AKIDTEST/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=00';
const NESTING = 'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit';

/** An attribute value of `levels` nested maps around a string. */
const deepValue = (levels: number) => `${'{"M":{"a":'.repeat(levels)}{"S":"x"}${'}}'.repeat(levels)}`;

describe('requests that used to stop Eddy or answer 500', () => {
  let eddy: TestEddy;
  const logged: string[] = [];
  const logger: Logger = {
    info: () => {},
    warn: (m) => logged.push(`warn ${m}`),
    error: (m) => logged.push(`error ${m}`),
    debug: (m) => logged.push(`debug ${m}`),
  };

  before(async () => {
    eddy = await startTestEddy({ log: logger, requestTimeoutMs: 1_000 });
    await eddy.ddb.send(
      new CreateTableCommand({
        TableName: 'Deep',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'deep' }));
  });
  after(() => eddy.stop());

  const stillServing = async () => assert.ok((await eddy.ddb.send(new ListTablesCommand({}))).TableNames?.includes('Deep'));

  describe('a malformed percent-encoding in a path', () => {
    for (const [method, path] of [
      ['GET', '/2015-03-31/functions/%ZZ'],
      ['GET', '/2015-03-31/functions/%ZZ/configuration'],
      ['GET', '/2015-03-31/event-source-mappings/%E0%A4%A'],
      ['POST', '/2015-03-31/functions/a%/invocations'],
    ] as const) {
      it(`${method} ${path} is a 400 in Lambda's error shape`, async () => {
        const res = await fetch(`${eddy.endpoint}${path}`, { method, headers: { authorization: AUTH, 'x-amz-date': '20260101T000000Z' } });
        assert.equal(res.status, 400);
        assert.equal(res.headers.get('x-amzn-errortype'), 'ValidationException');
        const body = (await res.json()) as { message: string };
        assert.match(body.message, /not valid percent-encoding/);
        await stillServing();
      });
    }

    it("is a 400 on the admin tail feed, which names the path", async () => {
      const res = await fetch(`${eddy.endpoint}/_eddy/streams/%ZZ/tail`);
      assert.equal(res.status, 400);
      assert.deepEqual(await res.json(), {
        type: 'ValidationException',
        message: 'The request path is not valid percent-encoding of UTF-8: /_eddy/streams/%ZZ/tail',
      });
      await stillServing();
    });
  });

  describe('attribute values nested past any limit get DynamoDB\'s nesting error, at every depth', () => {
    const bodies: Record<string, (value: string) => string> = {
      PutItem: (v) => `{"TableName":"Deep","Item":{"pk":{"S":"a"},"d":${v}}}`,
      UpdateItem: (v) => `{"TableName":"Deep","Key":{"pk":{"S":"a"}},"UpdateExpression":"SET d = :v","ExpressionAttributeValues":{":v":${v}}}`,
      DeleteItem: (v) => `{"TableName":"Deep","Key":{"pk":{"S":"a"}},"ConditionExpression":"d = :v","ExpressionAttributeValues":{":v":${v}}}`,
      GetItem: (v) => `{"TableName":"Deep","Key":{"pk":{"S":"a"},"d":${v}}}`,
      Query: (v) => `{"TableName":"Deep","KeyConditionExpression":"pk = :p","FilterExpression":"d = :v","ExpressionAttributeValues":{":p":{"S":"a"},":v":${v}}}`,
      BatchGetItem: (v) => `{"RequestItems":{"Deep":{"Keys":[{"pk":{"S":"a"},"d":${v}}]}}}`,
      BatchWriteItem: (v) => `{"RequestItems":{"Deep":[{"PutRequest":{"Item":{"pk":{"S":"a"},"d":${v}}}}]}}`,
      TransactWriteItems: (v) => `{"TransactItems":[{"Put":{"TableName":"Deep","Item":{"pk":{"S":"a"},"d":${v}}}}]}`,
    };
    for (const [operation, body] of Object.entries(bodies)) {
      it(`${operation}: 40, 1,500 and 100,000 levels`, async () => {
        for (const levels of [40, 1_500, 100_000]) {
          const res = await eddy.raw(operation, body(deepValue(levels)));
          assert.equal(res.status, 400, `${levels} levels: ${res.text.slice(0, 200)}`);
          assert.equal(res.json.__type, 'com.amazon.coral.validate#ValidationException');
          // Expression attribute values say which one: "ExpressionAttributeValues contains invalid value: … for key :v".
          assert.ok(res.json.message.includes(NESTING), res.json.message);
        }
      });
    }

    it('writes nothing', async () => {
      const res = await eddy.raw('Scan', { TableName: 'Deep' });
      assert.equal(res.json.Count, 0);
    });
  });

  describe('an SQS integer member sent as a deep object', () => {
    const queueUrl = () => `${eddy.endpoint}/000000000000/deep`;
    const deepObject = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

    for (const [operation, member] of [
      ['ReceiveMessage', 'MaxNumberOfMessages'],
      ['ReceiveMessage', 'WaitTimeSeconds'],
      ['ReceiveMessage', 'VisibilityTimeout'],
      ['SendMessage', 'DelaySeconds'],
    ] as const) {
      it(`${operation} ${member}: a 400 quoting a bounded prefix of the value`, async () => {
        const extra = operation === 'SendMessage' ? ',"MessageBody":"m"' : '';
        const res = await eddy.raw(`AmazonSQS.${operation}`, `{"QueueUrl":"${queueUrl()}"${extra},"${member}":${deepObject(900)}}`);
        assert.equal(res.status, 400, res.text.slice(0, 300));
        assert.ok(res.headers.get('x-amzn-query-error'), 'the query error header');
        assert.ok(res.text.length < 2_000, `a bounded message, got ${res.text.length} characters`);
      });
    }

    it('a 10,000-deep value is refused before any operation reads it', async () => {
      const res = await eddy.raw('AmazonSQS.ReceiveMessage', `{"QueueUrl":"${queueUrl()}","MaxNumberOfMessages":${deepObject(10_000)}}`);
      assert.equal(res.status, 400);
      assert.equal(res.json.__type, 'com.amazon.coral.service#SerializationException');
      await stillServing();
    });
  });

  describe('slow and vanishing clients', () => {
    it('a body that trickles in past the request timeout gets 408 and the connection is closed', async () => {
      const url = new URL(eddy.endpoint);
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(url.port), url.hostname, () => {
          socket.write(`POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nAuthorization: ${AUTH}\r\nX-Amz-Date: 20260101T000000Z\r\nContent-Length: 100000\r\n\r\n{`);
        });
        const trickle = setInterval(() => socket.write(' '), 100);
        let received = '';
        socket.on('data', (chunk) => (received += chunk.toString()));
        socket.on('error', reject);
        socket.on('close', () => {
          clearInterval(trickle);
          resolve(received);
        });
      });
      assert.match(answer, /^HTTP\/1\.1 408 /);
      await stillServing();
    });

    it('a client that hangs up mid-body is no error of Eddy\'s: logged at debug, nothing else', async () => {
      logged.length = 0;
      const url = new URL(eddy.endpoint);
      await new Promise<void>((resolve) => {
        const socket = connect(Number(url.port), url.hostname, () => {
          socket.write(`POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.PutItem\r\nAuthorization: ${AUTH}\r\nX-Amz-Date: 20260101T000000Z\r\nContent-Length: 5000\r\n\r\n{"TableName":`, () => socket.destroy());
        });
        socket.on('close', () => resolve());
      });
      await eventually('the debug line', () => logged.find((line) => line.startsWith('debug ') && line.includes('closed the connection')));
      assert.deepEqual(logged.filter((line) => !line.startsWith('debug ')), []);
      await stillServing();
    });
  });
});
