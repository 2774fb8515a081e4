import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readServerlessConfig } from '../serverless/index.js';
import { readTemplateConfig } from './read-template-config.js';

let dir: string;
const options = () => ({
  deployment: { region: 'us-east-1', account: '000000000000', endpoint: 'http://127.0.0.1:4566' },
  inlineCodeDir: join(dir, '.eddy', 'inline'),
});
const read = (text: string) => readTemplateConfig({ text, file: join(dir, 'template.yaml') }, options());

/** The TemplateError `read` throws, as its message, with the project directory shown as /project. */
async function failure(text: string): Promise<string> {
  try {
    await read(text);
  } catch (error) {
    return (error as Error).message.replaceAll(dir, '/project');
  }
  return assert.fail('the template was mapped');
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'eddy-template-async-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'app.mjs'), 'export const handler = async () => 1;\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A CloudFormation function `Worker` (inline code) followed by `rest`. */
const cfn = (rest: string, worker = '') => `Resources:
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: worker
      Runtime: nodejs20.x
      Handler: index.handler
      Code: { ZipFile: "exports.handler = async () => 1;" }${worker}
${rest}`;

describe('AWS::Lambda::EventInvokeConfig and DeadLetterConfig → asyncInvoke and deadLetter', () => {
  it("SAM's EventInvokeConfig (on the AutoPublishAlias) and DeadLetterQueue apply to the function, destinations by name", async () => {
    const { config, notices } = await read(`Transform: AWS::Serverless-2016-10-31
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs20.x
      AutoPublishAlias: live
      DeadLetterQueue: { Type: SQS, TargetArn: !GetAtt Dlq.Arn }
      EventInvokeConfig:
        MaximumRetryAttempts: 0
        MaximumEventAgeInSeconds: 120
        DestinationConfig:
          OnSuccess: { Type: EventBridge, Destination: !GetAtt Bus.Arn }
          OnFailure: { Type: SQS }
  Dlq:
    Type: AWS::SQS::Queue
  Bus:
    Type: AWS::Events::EventBus
    Properties: { Name: orders }
`);
    const { deadLetter, asyncInvoke } = config.functions!['Worker']!;
    assert.deepEqual(deadLetter, { queue: 'Dlq' });
    assert.deepEqual(asyncInvoke, { maximumRetryAttempts: 0, maximumEventAge: 120, onSuccess: { bus: 'orders' }, onFailure: { queue: 'WorkerEventInvokeConfigOnFailureQueue' } });
    assert.deepEqual(config.queues, { Dlq: {}, WorkerEventInvokeConfigOnFailureQueue: {} });
    assert.deepEqual(notices, []);
  });

  it('CloudFormation: a topic dead-letter target, a function destination by ARN, and a notice for a version qualifier', async () => {
    const { config, notices } = await read(
      cfn(
        `  Alerts:
    Type: AWS::SNS::Topic
    Properties: { TopicName: alerts }
  Other:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Code: { ZipFile: "exports.handler = async () => 1;" }
  Async:
    Type: AWS::Lambda::EventInvokeConfig
    Properties:
      FunctionName: !Ref Worker
      Qualifier: "3"
      MaximumRetryAttempts: "1"
      DestinationConfig:
        OnFailure: { Destination: !GetAtt Other.Arn }
        OnSuccess: { Destination: !Sub "arn:aws:sqs:\${AWS::Region}:\${AWS::AccountId}:done" }
`,
        `
      DeadLetterConfig: { TargetArn: !Ref Alerts }`,
      ),
    );
    assert.deepEqual(config.functions!['worker']!.deadLetter, { topic: 'alerts' });
    assert.deepEqual(config.functions!['worker']!.asyncInvoke, { maximumRetryAttempts: 1, onFailure: { function: 'Other' }, onSuccess: { queue: 'done' } });
    assert.equal(config.functions!['Other']!.asyncInvoke, undefined);
    assert.deepEqual(notices, ['EventInvokeConfig Async: the settings of worker:3 apply to function worker itself (Eddy does not publish versions of a template\'s functions)']);
  });

  it('fails at the line of a function that is not the template\'s, of a second config for one function, and of targets Eddy cannot serve', async () => {
    const config = (props: string) => cfn(`  Async:
    Type: AWS::Lambda::EventInvokeConfig
    Properties:
      Qualifier: $LATEST
${props}`);
    assert.equal(
      await failure(config('      FunctionName: elsewhere\n      MaximumRetryAttempts: 0\n')),
      "/project/template.yaml:13:7: Resource Async (AWS::Lambda::EventInvokeConfig): function elsewhere is not a function of this template (Eddy applies an EventInvokeConfig to the template's own functions) (at /Resources/Async/Properties/FunctionName)",
    );
    assert.equal(
      await failure(`${config('      FunctionName: !Ref Worker\n      MaximumRetryAttempts: 0\n')}  Again:
    Type: AWS::Lambda::EventInvokeConfig
    Properties: { FunctionName: worker, Qualifier: $LATEST, MaximumRetryAttempts: 1 }
`),
      '/project/template.yaml:17:41: Resource Again (AWS::Lambda::EventInvokeConfig): function worker already has the EventInvokeConfig Async: Eddy runs one version of a template\'s function, so it takes one EventInvokeConfig per function (at /Resources/Again/Properties/Qualifier)',
    );
    assert.equal(
      await failure(config('      FunctionName: !Ref Worker\n      DestinationConfig: { OnFailure: { Destination: arn:aws:s3:::failures } }\n')),
      '/project/template.yaml:14:41: Resource Async (AWS::Lambda::EventInvokeConfig): Destination names the S3 bucket arn:aws:s3:::failures, and Eddy does not serve S3: use the ARN of an SQS queue, SNS topic, Lambda function or EventBridge bus (at /Resources/Async/Properties/DestinationConfig/OnFailure/Destination)',
    );
    assert.equal(
      await failure(`${config('      FunctionName: !Ref Worker\n      DestinationConfig: { OnSuccess: { Destination: !GetAtt Flow.Arn } }\n')}  Flow:
    Type: AWS::StepFunctions::StateMachine
    Properties: {}
`),
      "/project/template.yaml:14:41: Resource Async (AWS::Lambda::EventInvokeConfig): Destination names Flow (AWS::StepFunctions::StateMachine, not emulated): use the ARN of an SQS queue, SNS topic, Lambda function or EventBridge bus (at /Resources/Async/Properties/DestinationConfig/OnSuccess/Destination)",
    );
  });

  it("serverless.yml's maximumRetryAttempts, maximumEventAge, destinations and onError reach the function", async () => {
    const { config } = await readServerlessConfig(
      {
        text: `service: billing
provider: { name: aws, runtime: nodejs20.x }
functions:
  worker:
    handler: src/app.handler
    maximumRetryAttempts: 1
    maximumEventAge: 300
    onError: arn:aws:sns:us-east-1:000000000000:alerts
    destinations:
      onSuccess: arn:aws:sqs:us-east-1:000000000000:done
      onFailure: arn:aws:events:us-east-1:000000000000:event-bus/failures
`,
        file: join(dir, 'serverless.yml'),
      },
      { ...options(), env: {} },
    );
    const { asyncInvoke, deadLetter } = config.functions!['billing-dev-worker']!;
    assert.deepEqual(asyncInvoke, { maximumRetryAttempts: 1, maximumEventAge: 300, onSuccess: { queue: 'done' }, onFailure: { bus: 'failures' } });
    assert.deepEqual(deadLetter, { topic: 'alerts' });
  });

  it('fails at the line of a DeadLetterConfig naming neither a queue nor a topic', async () => {
    assert.equal(
      await failure(cfn('', '\n      DeadLetterConfig:\n        TargetArn: arn:aws:lambda:us-east-1:000000000000:function:other')),
      "/project/template.yaml:10:9: Resource Worker (AWS::Lambda::Function): TargetArn must be an SQS queue's or SNS topic's ARN, got \"arn:aws:lambda:us-east-1:000000000000:function:other\" (at /Resources/Worker/Properties/DeadLetterConfig/TargetArn)",
    );
  });
});
