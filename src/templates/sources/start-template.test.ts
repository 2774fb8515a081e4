import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { startTestEddy } from '../../../test/helpers/eddy.js';

// A table with a stream (its StreamArn resolved again once the table exists) and a route on the application port.
const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Users:
    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      StreamSpecification: { StreamViewType: NEW_IMAGE }
  GetUser:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs20.x
      Environment:
        Variables:
          USERS_STREAM: !GetAtt Users.StreamArn
      Events:
        Get:
          Type: HttpApi
          Properties: { Path: '/users/{id}', Method: get }
Outputs:
  Api:
    Value: !GetAtt ServerlessHttpApi.ApiEndpoint
`;
const HANDLER = `export const handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ id: event.pathParameters.id, stream: process.env.USERS_STREAM }) });\n`;

/** A port that was free a moment ago (the application port must be a fixed one for this test). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

describe('startEddy({ template }) with a stream ARN in a function and a route', () => {
  it('serves the route on the application port asked for, gives the function the real stream ARN, and stops', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'eddy-start-template-')));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'app.mjs'), HANDLER);
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE);
    const httpPort = await freePort();
    const problems: string[] = [];
    const log = { info: () => {}, debug: () => {}, warn: (m: string) => problems.push(m), error: (m: string) => problems.push(m) };
    const eddy = await startTestEddy({ template: join(dir, 'template.yaml'), httpPort, log });
    try {
      assert.equal(eddy.httpEndpoint, `http://127.0.0.1:${httpPort}`);
      const { Table } = await eddy.ddb.send(new DescribeTableCommand({ TableName: 'Users' }));
      const response = await fetch(`${eddy.httpEndpoint}/users/u1`);
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { id: 'u1', stream: Table!.LatestStreamArn });
      assert.deepEqual(eddy.config?.template?.outputs.map(({ name, value }) => [name, value]), [['Api', eddy.httpEndpoint]]);
      // The second reading of the template (once the table and its stream exist) applied whole.
      assert.deepEqual(problems, []);
    } finally {
      await eddy.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on a restart, functions get the real stream ARN from the start: no second deployment', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'eddy-start-template-')));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'app.mjs'), HANDLER);
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE);
    const lines: string[] = [];
    const log = { info: (m: string) => lines.push(m), debug: () => {}, warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
    try {
      const first = await startTestEddy({ template: join(dir, 'template.yaml'), data: join(dir, '.eddy'), httpPort: 0, log });
      await first.stop();
      // The first start read the template again once the table existed, and redeployed the function with the real ARN.
      assert.ok(lines.some((line) => /~function GetUser/.test(line)), lines.join('\n'));
      lines.length = 0;
      const again = await startTestEddy({ template: join(dir, 'template.yaml'), data: join(dir, '.eddy'), httpPort: 0, log });
      try {
        const { Table } = await again.ddb.send(new DescribeTableCommand({ TableName: 'Users' }));
        assert.deepEqual(await (await fetch(`${again.httpEndpoint}/users/u2`)).json(), { id: 'u2', stream: Table!.LatestStreamArn });
        assert.deepEqual(lines.filter((line) => /^config: [~+-]|applied only in part/.test(line)), []);
      } finally {
        await again.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
