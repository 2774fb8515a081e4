import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readServerlessConfig, type ServerlessConfigOptions } from './index.js';

/** A service directory with the handler files the serverless.yml texts name. */
let dir: string;
const options = (more: Partial<ServerlessConfigOptions> = {}): ServerlessConfigOptions => ({
  deployment: { region: 'us-east-1', account: '000000000000', endpoint: 'http://127.0.0.1:4566' },
  inlineCodeDir: join(dir, '.eddy', 'inline'),
  env: {},
  ...more,
});
const read = (text: string, more: Partial<ServerlessConfigOptions> = {}) => readServerlessConfig({ text, file: join(dir, 'serverless.yml') }, options(more));

/** The TemplateError `read` throws, its message with the service directory as `<dir>`. */
async function failure(text: string): Promise<string> {
  try {
    await read(text);
  } catch (error) {
    return (error as Error).message.replaceAll(dir, '<dir>');
  }
  return assert.fail('serverless.yml was mapped');
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'eddy-serverless-config-'));
  for (const [file, text] of [['src/api.ts', 'export const create = async () => ({});\n'], ['src/worker.js', 'exports.handler = async () => {};\n']]) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

const ORDERS_TABLE = `
    OrdersTable:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: orders
        AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
        KeySchema: [{ AttributeName: id, KeyType: HASH }]
        StreamSpecification: { StreamViewType: NEW_IMAGE }`;

describe('serverless.yml → config', () => {
  it('functions with provider settings and every event kind, resources and outputs merged in', async () => {
    const mapped = await read(`service: shop
provider:
  name: aws
  runtime: nodejs20.x
  stage: \${opt:stage, 'dev'}
  timeout: 10
  environment:
    TABLE: !Ref OrdersTable
    LEVEL: info
  httpApi:
    payload: '1.0'
plugins: [serverless-offline, serverless-esbuild]
functions:
  api:
    handler: src/api.create
    name: shop-api
    memorySize: 256
    reservedConcurrency: 3
    environment:
      LEVEL: debug
    events:
      - http: GET orders/{id}
      - httpApi: '*'
      - httpApi: { method: post, path: /orders }
  worker:
    handler: src/worker.handler
    events:
      - sqs:
          arn: !GetAtt JobsQueue.Arn
          batchSize: 5
          maximumBatchingWindow: 2
          functionResponseType: ReportBatchItemFailures
      - stream:
          arn: !GetAtt OrdersTable.StreamArn
          startingPosition: LATEST
          maximumRetryAttempts: 2
          bisectBatchOnFunctionError: true
          filterPatterns: [{ eventName: [INSERT] }]
          destinations:
            onFailure: !GetAtt FailedQueue.Arn
      - sns: { topicName: alerts, displayName: Alerts, filterPolicy: { level: [high] } }
      - eventBridge:
          eventBus: orders
          pattern: { source: [shop.orders] }
          inputPath: $.detail
          retryPolicy: { maximumRetryAttempts: 3, maximumEventAge: 600 }
          deadLetterQueueArn: !GetAtt FailedQueue.Arn
      - schedule:
          rate: [rate(1 hour), cron(0 12 * * ? *)]
          input: { report: daily }
      - schedule: { rate: rate(10 minutes), method: scheduler, timezone: Europe/Paris }
      - s3: photos
resources:
  Resources:${ORDERS_TABLE}
    JobsQueue:
      Type: AWS::SQS::Queue
      Properties: { QueueName: jobs }
    FailedQueue:
      Type: AWS::SQS::Queue
      Properties: { QueueName: failed }
  Outputs:
    JobsUrl:
      Value: !Ref JobsQueue
`);
    assert.deepEqual(mapped.config, {
      tables: { orders: { partitionKey: { name: 'id', type: 'S' }, stream: 'NEW_IMAGE' } },
      queues: { jobs: {}, failed: {} },
      functions: {
        'shop-api': {
          handler: 'src/api.ts#create', runtime: 'nodejs20.x', codeDir: dir, timeout: 10, memorySize: 256, reservedConcurrency: 3,
          environment: { TABLE: 'orders', LEVEL: 'debug' },
        },
        'shop-dev-worker': {
          handler: 'src/worker.js#handler', runtime: 'nodejs20.x', codeDir: dir, timeout: 10, memorySize: 1024,
          environment: { TABLE: 'orders', LEVEL: 'info' },
          events: [
            { queue: { name: 'jobs', batchSize: 5, maximumBatchingWindow: 2, functionResponseTypes: ['ReportBatchItemFailures'], enabled: true } },
            { stream: {
              table: 'orders', startingPosition: 'LATEST', batchSize: 10, maximumRetryAttempts: 2, bisectBatchOnFunctionError: true,
              onFailure: { queue: 'failed' }, filterPatterns: [{ eventName: ['INSERT'] }], enabled: true,
            } },
          ],
        },
      },
      buses: { orders: {} },
      rules: {
        'shop-dev-worker-rule-1': {
          bus: 'orders', pattern: { source: ['shop.orders'] },
          targets: [{ function: 'shop-dev-worker', inputPath: '$.detail', retryPolicy: { maximumRetryAttempts: 3, maximumEventAge: 600 }, deadLetter: { queue: 'failed' } }],
        },
        WorkerLambdaFunctionEventsRuleSchedule1: { schedule: 'rate(1 hour)', targets: [{ function: 'shop-dev-worker', input: { report: 'daily' } }] },
        WorkerLambdaFunctionEventsRuleSchedule2: { schedule: 'cron(0 12 * * ? *)', targets: [{ function: 'shop-dev-worker', input: { report: 'daily' } }] },
      },
      schedules: { WorkerLambdaFunctionSchedule3: { rate: '10 minutes', target: { function: 'shop-dev-worker' }, timezone: 'Europe/Paris' } },
      topics: { alerts: { displayName: 'Alerts', subscriptions: [{ function: 'shop-dev-worker', filterPolicy: { level: ['high'] } }] } },
      http: {
        routes: {
          'GET /orders/{id}': { function: 'shop-api', payloadFormat: '1.0' },
          $default: { function: 'shop-api', payloadFormat: '1.0' },
          'POST /orders': { function: 'shop-api', payloadFormat: '1.0' },
        },
      },
    });
    assert.deepEqual(mapped.notices, [
      'plugins are ignored: serverless-offline, serverless-esbuild',
      'functions.worker.events: s3 events are not emulated (skipped)',
      'API ApiGatewayRestApi: its routes are served at the root of the application port, without the stage prefix /dev',
    ]);
    assert.deepEqual(mapped.outputs.map(({ name, value }) => [name, value]), [['JobsUrl', 'http://127.0.0.1:4566/000000000000/jobs']]);
    assert.deepEqual([mapped.service, mapped.stage, mapped.files], ['shop', 'dev', [join(dir, 'serverless.yml')]]);
  });

  it('serverless defaults (name <service>-<stage>-<key>, 6 s, 1024 MB, stream batch 10 from TRIM_HORIZON) and --stage', async () => {
    const mapped = await read(`service: orders
provider: { name: aws, runtime: nodejs20.x }
functions:
  worker:
    handler: src/worker.handler
    events:
      - stream: arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/2026-01-01T00:00:00.000
      - sqs: arn:aws:sqs:us-east-1:000000000000:jobs
resources:
  Resources:${ORDERS_TABLE}
    Jobs: { Type: AWS::SQS::Queue, Properties: { QueueName: jobs } }
  Outputs:
    Stack: { Value: !Ref AWS::StackName }
`, { stage: 'prod' });
    assert.deepEqual(mapped.config.functions, {
      'orders-prod-worker': {
        handler: 'src/worker.js#handler', runtime: 'nodejs20.x', codeDir: dir, timeout: 6, memorySize: 1024,
        events: [
          { stream: { table: 'orders', startingPosition: 'TRIM_HORIZON', batchSize: 10, enabled: true } },
          { queue: { name: 'jobs', batchSize: 10, enabled: true } },
        ],
      },
    });
    assert.equal(mapped.stage, 'prod');
    assert.deepEqual(mapped.outputs.map(({ name, value }) => [name, value]), [['Stack', 'orders-prod']]);
  });

  it('a topic name creates the topic once (or uses the one resources declare); a named bus is created, an ARN is not; inputTransformer; a schedule with inputPath is a rule of its own', async () => {
    const mapped = await read(`service: s
provider: { name: aws, runtime: nodejs20.x }
functions:
  a:
    handler: src/worker.handler
    events:
      - sns: news
      - sns: declared
      - eventBridge:
          eventBus: arn:aws:events:us-east-1:000000000000:event-bus/default
          pattern: { source: [x] }
          inputTransformer: { inputPathsMap: { id: $.detail.id }, inputTemplate: '{"id": <id>}' }
      - schedule: { rate: rate(1 day), inputPath: $.time, enabled: false }
  b:
    handler: src/worker.handler
    events:
      - sns: news
resources:
  Resources:
    Declared: { Type: AWS::SNS::Topic, Properties: { TopicName: declared } }
`);
    assert.deepEqual(mapped.config.topics, {
      news: { subscriptions: [{ function: 's-dev-a' }, { function: 's-dev-b' }] },
      declared: { subscriptions: [{ function: 's-dev-a' }] },
    });
    assert.deepEqual(mapped.config.rules, {
      's-dev-a-rule-1': { pattern: { source: ['x'] }, targets: [{ function: 's-dev-a', inputTransformer: { inputPaths: { id: '$.detail.id' }, inputTemplate: '{"id": <id>}' } }] },
      ALambdaFunctionEventsRuleSchedule1: { schedule: 'rate(1 day)', enabled: false, targets: [{ function: 's-dev-a', inputPath: '$.time' }] },
    });
    assert.equal(mapped.config.buses, undefined);
  });

  it('an eventBridge schedule is a rule named <function>-rule-<n>; cloudwatchEvent is a rule on the default bus', async () => {
    const mapped = await read(`service: s
provider: { name: aws, runtime: nodejs20.x }
functions:
  a:
    handler: src/worker.handler
    events:
      - eventBridge: { schedule: rate(2 hours), input: { kind: tick } }
      - cloudwatchEvent:
          event: { source: [aws.ec2] }
          inputPath: $.detail
`);
    assert.deepEqual(mapped.config.rules, {
      's-dev-a-rule-1': { schedule: 'rate(2 hours)', targets: [{ function: 's-dev-a', input: { kind: 'tick' } }] },
      ALambdaFunctionEventsRuleCloudWatchEvent1: { pattern: { source: ['aws.ec2'] }, targets: [{ function: 's-dev-a', inputPath: '$.detail' }] },
    });
  });

  it('resources.extensions merge into generated resources; a generated id given again in Resources is deep-merged', async () => {
    const mapped = await read(`service: s
provider: { name: aws, runtime: nodejs20.x }
functions:
  a: { handler: src/worker.handler }
resources:
  Resources:
    ALambdaFunction:
      Properties: { Timeout: 30 }
  extensions:
    ALambdaFunction:
      Properties: { MemorySize: 512 }
`);
    assert.deepEqual(mapped.config.functions, { 's-dev-a': { handler: 'src/worker.js#handler', runtime: 'nodejs20.x', codeDir: dir, timeout: 30, memorySize: 512 } });
  });
});

describe('serverless.yml → config: httpApi and .env', () => {
  it('provider.httpApi.cors: true → every origin, serverless\'s headers, OPTIONS and the routes\' methods; a function\'s httpApi.payload wins', async () => {
    const mapped = await read(`service: s
provider:
  name: aws
  runtime: nodejs20.x
  httpApi: { cors: true }
functions:
  a:
    handler: src/api.create
    httpApi: { payload: '1.0' }
    events:
      - httpApi: GET /items
      - httpApi:
          method: delete
          path: /items/{id}
`);
    assert.deepEqual(mapped.config.http, {
      routes: {
        'GET /items': { function: 's-dev-a', payloadFormat: '1.0' },
        'DELETE /items/{id}': { function: 's-dev-a', payloadFormat: '1.0' },
      },
      cors: {
        allowOrigins: ['*'], allowMethods: ['OPTIONS', 'GET', 'DELETE'],
        allowHeaders: ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token', 'X-Amz-User-Agent'],
      },
    });
  });

  it('useDotenv: true reads .env.<stage> (else .env) under the given environment', async () => {
    writeFileSync(join(dir, '.env.dev'), 'TABLE=from-dotenv\nLEVEL=from-dotenv\n');
    try {
      const mapped = await read(`service: s
useDotenv: true
provider: { name: aws, runtime: nodejs20.x }
functions:
  a:
    handler: src/worker.handler
    environment:
      TABLE: \${env:TABLE}
      LEVEL: \${env:LEVEL}
`, { env: { LEVEL: 'given' } });
      assert.deepEqual(mapped.config.functions?.['s-dev-a']?.environment, { TABLE: 'from-dotenv', LEVEL: 'given' });
      assert.deepEqual(mapped.files, [join(dir, 'serverless.yml'), join(dir, '.env.dev')]);
    } finally {
      rmSync(join(dir, '.env.dev'));
    }
  });
});

describe('serverless.yml → config: errors name serverless.yml:line', () => {
  const SERVICE = 'service: s\nprovider: { name: aws, runtime: nodejs20.x }\nfunctions:\n';

  it('what serverless.yml itself gets wrong', async () => {
    assert.equal(await failure('service: s\nprovider: { name: google }\n'),
      '<dir>/serverless.yml:2:13: Eddy runs serverless.yml files of provider "aws", not "google" (at /provider/name)');
    assert.equal(await failure(`${SERVICE}  a:\n    events: []\n`),
      '<dir>/serverless.yml:4:3: Function "a" needs a "handler" (file.export, relative to the service directory) (at /functions/a)');
    assert.equal(await failure(`${SERVICE}  a:\n    handler: src/worker.handler\n    events:\n      - stream:\n          arn: !ImportValue shared-stream\n`),
      '<dir>/serverless.yml:8:11: Stream event of function "a": "type" must be dynamodb or kinesis (it cannot be told from this arn) (at /functions/a/events/0/stream/arn)');
    assert.equal(await failure(`${SERVICE}  a:\n    handler: src/worker.handler\n    events:\n      - eventBridge:\n          pattern: { source: [x] }\n          input: { a: 1 }\n          inputPath: $.detail\n`),
      '<dir>/serverless.yml:10:11: You can only set one of input, inputPath, or inputTransformer properties at the same time (at /functions/a/events/0/eventBridge/inputPath)');
    assert.equal(await failure(`${SERVICE}  a:\n    handler: src/worker.handler\n    environment:\n      TABLE: \${env:TABLE}\n`),
      '<dir>/serverless.yml:7:7: Cannot resolve variable at "functions.a.environment.TABLE": Value not found at "env" source (at /functions/a/environment/TABLE)');
  });

  it('httpApi events serverless refuses, with its texts', async () => {
    const fn = `${SERVICE}  a:\n    handler: src/api.create\n    events:\n`;
    assert.equal(await failure(`${fn}      - httpApi: FETCH /x\n`),
      '<dir>/serverless.yml:7:9: Invalid httpApi event in function a: write "METHOD /path" (ANY, GET, POST, PUT, PATCH, OPTIONS, HEAD, DELETE) or "*" (at /functions/a/events/0/httpApi)');
    assert.equal(await failure(`${fn}      - httpApi: { path: /x }\n`),
      '<dir>/serverless.yml:7:9: Missing "method" property in function a for httpApi event in serverless.yml (at /functions/a/events/0/httpApi)');
    assert.equal(await failure(`${fn}      - httpApi: { method: GET, path: '*' }\n`),
      '<dir>/serverless.yml:7:9: Invalid "path" property in function a for httpApi event in serverless.yml (at /functions/a/events/0/httpApi)');
  });

  it('errors found after the conversion (SAM transform, resolution, mapping) point at the serverless.yml line they came from', async () => {
    assert.equal(await failure(`${SERVICE}  a:\n    handler: src/missing.handler\n`),
      '<dir>/serverless.yml:5:5: Resource ALambdaFunction (AWS::Lambda::Function): Handler "src/missing.handler" (nodejs20.x): no src/missing.ts, src/missing.mts, src/missing.cts, src/missing.js, src/missing.mjs, src/missing.cjs in <dir> (at /Resources/ALambdaFunction/Properties/Handler)');
    assert.equal(await failure(`${SERVICE}  a:\n    handler: src/worker.handler\n    events:\n      - sqs: !GetAtt Nowhere.Arn\n`),
      '<dir>/serverless.yml:7:9: Template format error: Unresolved resource dependencies [Nowhere] in the Resources block of the template (at /Resources/ALambdaFunctionEventSourceMappingSQSNowhere/Properties/EventSourceArn/Fn::GetAtt)');
  });
});

describe('readServerlessConfig: start-up cost', () => {
  it('index.ts loads the reader (and through it the yaml package) only when a serverless.yml is read', async () => {
    const { readFile } = await import('node:fs/promises');
    const index = await readFile(new URL('./index.ts', import.meta.url), 'utf8');
    assert.match(index, /await import\('\.\/serverless-reader\.js'\)/);
    assert.deepEqual([...index.matchAll(/^import (?!type ).*from '(.*)';$/gm)].map((match) => match[1]), ['../eddy-config/index.js']);
  });
});
