import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mapTemplate, mappingError } from './fixtures/map-template.js';

/** A project directory with the handler files the templates name. */
let dir: string;
const read = (text: string) => mapTemplate(text, dir);
const failure = (text: string) => mappingError(text, dir);
const SAM = "Transform: AWS::Serverless-2016-10-31\nResources:\n";

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'eddy-template-functions-'));
  for (const [file, text] of [
    ['src/ts/app.ts', 'export const handler = async () => 1;\n'],
    ['src/ts/app.js', 'exports.handler = async () => 2;\n'],
    ['src/js/handlers/orders.mjs', 'export const onOrder = async () => 1;\n'],
    ['src/py/app.py', 'def handler(event, context):\n    return 1\n'],
    ['src/py/pkg/mod.py', 'def run(event, context):\n    return 1\n'],
    ['src/go/bootstrap', '#!/bin/sh\n'],
    ['src/esb/src/handlers/orders.ts', 'export const handler = async () => 1;\n'],
  ]) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('AWS::Lambda::Function → functions', () => {
  it('a SAM function: CodeUri, Handler found as .ts before .js, runtime kept, settings carried', async () => {
    const { config, notices } = await read(`${SAM}
  Api:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/ts/
      Handler: app.handler
      Runtime: nodejs20.x
      Timeout: 30
      MemorySize: 512
      ReservedConcurrentExecutions: 2
      Environment:
        Variables: { STAGE: dev, RETRIES: 3, VERBOSE: true }
`);
    assert.deepEqual(config.functions, {
      Api: {
        handler: 'app.ts#handler',
        runtime: 'nodejs20.x',
        codeDir: join(dir, 'src/ts'),
        timeout: 30,
        memorySize: 512,
        reservedConcurrency: 2,
        environment: { STAGE: 'dev', RETRIES: '3', VERBOSE: 'true' },
      },
    });
    assert.deepEqual(notices, []);
  });

  it("plain CloudFormation: a relative Code path is the template's, a Lambda path/file.export names the module's file; FunctionName names it", async () => {
    const { config } = await read(`Resources:
  Orders:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: orders-fn
      Code: ./src/js
      Handler: handlers/orders.onOrder
      Runtime: nodejs22.x
      Role: arn:aws:iam::000000000000:role/x
  Py:
    Type: AWS::Lambda::Function
    Properties:
      Code: src/py
      Handler: pkg/mod.run
      Runtime: python3.12
  Custom:
    Type: AWS::Lambda::Function
    Properties:
      Code: src/go
      Handler: main
      Runtime: provided.al2023
`);
    assert.deepEqual(config.functions, {
      'orders-fn': { handler: 'handlers/orders.mjs#onOrder', runtime: 'nodejs22.x', codeDir: join(dir, 'src/js') },
      Py: { handler: 'pkg/mod.run', runtime: 'python3.12', codeDir: join(dir, 'src/py') },
      Custom: { handler: 'main', runtime: 'provided.al2023', codeDir: join(dir, 'src/go') },
    });
  });

  it("SAM's esbuild entry points: Handler orders.handler names the output of src/handlers/orders.ts", async () => {
    const { config } = await read(`${SAM}
  Esb:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/esb
      Handler: orders.handler
      Runtime: nodejs20.x
    Metadata:
      BuildMethod: esbuild
      BuildProperties:
        EntryPoints: [./src/handlers/orders.ts]
`);
    assert.deepEqual(config.functions, { Esb: { handler: 'src/handlers/orders.ts#handler', runtime: 'nodejs20.x', codeDir: join(dir, 'src/esb') } });
  });

  it('Code.ZipFile in Node.js is written to index.js, in Python to index.py, and run from there', async () => {
    const node = 'exports.handler = async (event) => ({ got: event });\n';
    const python = 'def handler(event, context):\n    return event\n';
    const { config } = await read(`Resources:
  InlineNode:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Code:
        ZipFile: |
          ${node.trim()}
  InlinePy:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.11
      Handler: index.handler
      Code:
        ZipFile: |
${python.split('\n').filter(Boolean).map((line) => `          ${line}`).join('\n')}
`);
    const inline = join(dir, '.eddy', 'inline');
    assert.deepEqual(config.functions, {
      InlineNode: { handler: 'index.js#handler', runtime: 'nodejs20.x', codeDir: join(inline, 'InlineNode') },
      InlinePy: { handler: 'index.handler', runtime: 'python3.11', codeDir: join(inline, 'InlinePy') },
    });
    assert.equal(readFileSync(join(inline, 'InlineNode', 'index.js'), 'utf8'), node);
    assert.equal(readFileSync(join(inline, 'InlinePy', 'index.py'), 'utf8'), python);
  });

  it('SAM AutoPublishAlias: the version and alias map to nothing of their own, the function is there once', async () => {
    const { config, notEmulated } = await read(`${SAM}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/py
      Handler: app.handler
      Runtime: python3.12
      AutoPublishAlias: live
Outputs:
  Alias: { Value: !Ref Fn.Alias }
`);
    assert.deepEqual(Object.keys(config.functions!), ['Fn']);
    assert.deepEqual(notEmulated.filter((r) => r.type.startsWith('AWS::Lambda::')), []);
  });

  it("Layers, FileSystemConfigs and a JSON LoggingConfig: one notice each, naming the functions; what changes nothing locally, none", async () => {
    const fn = (id: string, extra: string) => `
  ${id}:
    Type: AWS::Lambda::Function
    Properties:
      Code: src/py
      Handler: app.handler
      Runtime: python3.12
${extra}`;
    const { notices } = await read(`Resources:${fn('A', '      Layers: [arn:aws:lambda:us-east-1:000000000000:layer:deps:3]\n      VpcConfig: { SubnetIds: [s-1], SecurityGroupIds: [g-1] }\n      Architectures: [arm64]\n      TracingConfig: { Mode: Active }')}${fn('B', '      Layers: [arn:aws:lambda:us-east-1:000000000000:layer:deps:3]\n      LoggingConfig: { LogFormat: JSON }')}${fn('C', '      LoggingConfig: { LogFormat: Text }\n      FileSystemConfigs: [{ Arn: arn:aws:elasticfilesystem:us-east-1:000000000000:access-point/fsap-1, LocalMountPath: /mnt/efs }]')}`);
    assert.deepEqual(notices, [
      'Layers are not available locally: imports from a layer fail unless the code directory holds what they provide (functions A, B)',
      'LoggingConfig (JSON log format, log levels) is not applied: functions log in the text format, every level (function B)',
      'EFS file systems (FileSystemConfigs) are not mounted: their mount paths do not exist (function C)',
    ]);
  });
});

describe('AWS::Lambda::Function: what cannot run fails at its line', () => {
  const plain = (properties: string) => `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
${properties}`;

  it('a handler whose module is not in the code directory names the files tried', async () => {
    assert.equal(
      await failure(`${SAM}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/ts
      Handler: missing.handler
      Runtime: nodejs20.x
`),
      `${dir}/template.yaml:8:7: Resource Fn (AWS::Lambda::Function): Handler "missing.handler" (nodejs20.x): no missing.ts, missing.mts, missing.cts, missing.js, missing.mjs, missing.cjs in ${dir}/src/ts (at /Resources/Fn/Properties/Handler)`,
    );
    assert.equal(
      await failure(plain('      Code: src/py\n      Handler: nothere.handler\n      Runtime: python3.12\n')),
      `${dir}/template.yaml:6:7: Resource Fn (AWS::Lambda::Function): Handler "nothere.handler" (python3.12): no ${dir}/src/py/nothere.py or ${dir}/src/py/nothere/__init__.py (at /Resources/Fn/Properties/Handler)`,
    );
  });

  it('two functions of one name', async () => {
    assert.equal(
      await failure(`Resources:
  A:
    Type: AWS::Lambda::Function
    Properties: { FunctionName: worker, Code: src/py, Handler: app.handler, Runtime: python3.12 }
  B:
    Type: AWS::Lambda::Function
    Properties: { FunctionName: worker, Code: src/py, Handler: app.handler, Runtime: python3.12 }
`),
      `${dir}/template.yaml:7:19: Resource B (AWS::Lambda::Function): another function of this template is named worker (at /Resources/B/Properties/FunctionName)`,
    );
  });

  it('a runtime Eddy does not run, S3 code, a container image, a missing directory, inline code under another module name', async () => {
    assert.equal(
      await failure(plain('      Code: src/py\n      Handler: example::Handler\n      Runtime: java21\n')),
      `${dir}/template.yaml:7:7: Resource Fn (AWS::Lambda::Function): runtime java21 is not run by Eddy (it runs nodejs<version>.x, python3.<minor>, provided.al2023 and provided.al2) (at /Resources/Fn/Properties/Runtime)`,
    );
    assert.equal(
      await failure(plain('      Code: { S3Bucket: builds, S3Key: fn.zip }\n      Handler: app.handler\n      Runtime: python3.12\n')),
      `${dir}/template.yaml:5:7: Resource Fn (AWS::Lambda::Function): code in S3 (s3://builds/fn.zip) is not fetched by Eddy: give the function a local directory (SAM: CodeUri: ./src; CloudFormation: Code: ./src, as \`aws cloudformation package\` takes it) or run the template \`sam build\` writes (.aws-sam/build/template.yaml) (at /Resources/Fn/Properties/Code)`,
    );
    assert.equal(
      await failure(plain('      PackageType: Image\n      Code: { ImageUri: 000000000000.dkr.ecr.us-east-1.amazonaws.com/fn:latest }\n')),
      `${dir}/template.yaml:5:7: Resource Fn (AWS::Lambda::Function): container images are not run by Eddy (PackageType "Image"): use a Zip function with a Runtime, a Handler and its code in a local directory (at /Resources/Fn/Properties/PackageType)`,
    );
    assert.equal(
      await failure(plain('      Code: ./build/fn\n      Handler: app.handler\n      Runtime: python3.12\n')),
      `${dir}/template.yaml:5:7: Resource Fn (AWS::Lambda::Function): the code directory ${dir}/build/fn does not exist (Eddy runs a function from its source directory: an unzipped package or the sources) (at /Resources/Fn/Properties/Code)`,
    );
    assert.equal(
      await failure(plain('      Code: src/py/app.py\n      Handler: app.handler\n      Runtime: python3.12\n')),
      `${dir}/template.yaml:5:7: Resource Fn (AWS::Lambda::Function): ${dir}/src/py/app.py is a file: Eddy runs a function from a directory (unzip the package and name its directory) (at /Resources/Fn/Properties/Code)`,
    );
    assert.equal(
      await failure(plain('      Code: { ZipFile: "def main(e, c): pass" }\n      Handler: app.main\n      Runtime: python3.12\n')),
      `${dir}/template.yaml:6:7: Resource Fn (AWS::Lambda::Function): inline code (Code.ZipFile) is written to index.py, as Lambda does: the Handler must be index.<function>, got "app.main" (at /Resources/Fn/Properties/Handler)`,
    );
  });
});
