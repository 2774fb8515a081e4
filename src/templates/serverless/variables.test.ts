import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseYamlTemplate } from '../cloudformation/yaml-reader.js';
import { VariableSources } from './variable-sources.js';
import { parseVariables } from './variable-syntax.js';
import { VariableResolver } from './variables.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'eddy-sls-variables-'));
  writeFileSync(join(dir, 'config.dev.yml'), 'db:\n  name: orders-dev\n  port: 5432\nsender: ${self:custom.sender}\n');
  writeFileSync(join(dir, 'config.json'), '{"limits": {"batch": 25}}');
});
after(() => rmSync(dir, { recursive: true, force: true }));

interface Settings {
  options?: Record<string, string>;
  env?: Record<string, string>;
}

/** serverless.yml text → the document with its variables resolved, and the files read. */
function resolve(text: string, settings: Settings = {}): { value: any; files: string[] } {
  const file = join(dir, 'serverless.yml');
  const { value, sourceMap } = parseYamlTemplate(text, file);
  const sources = new VariableSources({ serviceDir: dir, options: settings.options ?? {}, env: settings.env ?? {}, aws: { region: 'eu-west-1', accountId: '111122223333' } });
  return { value: new VariableResolver(value, sourceMap, sources).resolveAll(), files: sources.files };
}

/** The error `resolve` throws, its message with the temporary directory as `<dir>`. */
function failure(text: string, settings: Settings = {}): string {
  try {
    resolve(text, settings);
  } catch (error) {
    return (error as Error).message.replaceAll(dir, '<dir>');
  }
  return assert.fail('the variables resolved');
}

describe('serverless.yml variables: syntax', () => {
  it('finds variables, their sources and fallbacks; CloudFormation ${…} of Fn::Sub is not one', () => {
    assert.deepEqual(parseVariables("${opt:stage, 'dev'}"), [{
      start: 0, end: 19, sources: [
        { kind: 'typed', type: 'opt', params: [], address: { text: 'stage', variables: [] } },
        { kind: 'literal', value: 'dev' },
      ],
    }]);
    assert.deepEqual(parseVariables('arn:${AWS::Partition}:sqs:${AWS::Region}:${Queue.Arn}'), []);
    assert.deepEqual(parseVariables('${file(./a.yml)}').map((v) => v.sources), [[{ kind: 'typed', type: 'file', params: [{ text: './a.yml', variables: [] }] }]]);
    assert.deepEqual(parseVariables('${env:N, 10, true, null, "x"}')[0]!.sources.slice(1), [
      { kind: 'literal', value: 10 }, { kind: 'literal', value: true }, { kind: 'literal', value: null }, { kind: 'literal', value: 'x' },
    ]);
  });
});

describe('serverless.yml variables: resolution', () => {
  it('self, opt with a fallback, env, sls:stage, aws, nested variables inside-out, values keep their type', () => {
    const { value } = resolve(`
service: orders
provider:
  name: aws
  stage: \${opt:stage, 'dev'}
  region: \${opt:region, self:custom.regions.\${sls:stage}}
custom:
  regions: { dev: eu-west-1, prod: us-east-1 }
  table: \${self:service}-\${sls:stage}
  batch: \${env:BATCH, 10}
  whole: \${self:custom.regions}
  flag: \${strToBool(\${env:VERBOSE, 'false'})}
  account: \${aws:accountId}
  home: \${env:HOME_DIR}
`, { env: { HOME_DIR: '/home/ada' } });
    assert.deepEqual(value.provider, { name: 'aws', stage: 'dev', region: 'eu-west-1' });
    assert.deepEqual(value.custom, {
      regions: { dev: 'eu-west-1', prod: 'us-east-1' },
      table: 'orders-dev',
      batch: 10,
      whole: { dev: 'eu-west-1', prod: 'us-east-1' },
      flag: false,
      account: '111122223333',
      home: '/home/ada',
    });
  });

  it('--stage wins over provider.stage; --opt values reach ${opt:…}', () => {
    const { value } = resolve("provider:\n  stage: dev\ncustom:\n  s: ${sls:stage}\n  o: ${opt:color}\n", { options: { stage: 'prod', color: 'blue' } });
    assert.deepEqual(value.custom, { s: 'prod', o: 'blue' });
  });

  it('${file(…)} reads YAML and JSON beside serverless.yml (whole or by address; variables inside resolved against serverless.yml) and lists the files', () => {
    const { value, files } = resolve(`
custom:
  sender: welcome@example.com
  config: \${file(./config.\${sls:stage}.yml)}
  dbName: \${file(./config.dev.yml):db.name}
  batch: \${file(config.json):limits.batch}
  missing: \${file(./nope.yml), 'fallback'}
`);
    assert.deepEqual(value.custom, {
      sender: 'welcome@example.com',
      config: { db: { name: 'orders-dev', port: 5432 }, sender: 'welcome@example.com' },
      dbName: 'orders-dev',
      batch: 25,
      missing: 'fallback',
    });
    assert.deepEqual(files, [join(dir, 'config.dev.yml'), join(dir, 'config.json')]);
  });

  it('sources that read AWS (ssm, cf, s3, secretsmanager) take their fallback; param reads params of the stage, then default', () => {
    const { value } = resolve(`
params:
  default: { domain: example.com, tier: free }
  dev: { tier: dev-tier }
custom:
  secret: \${ssm:/app/secret, 'local-secret'}
  out: \${cf:other-stack.Url, 'http://localhost'}
  tier: \${param:tier}
  domain: \${param:domain}
`);
    assert.deepEqual([value.custom.secret, value.custom.out, value.custom.tier, value.custom.domain], ['local-secret', 'http://localhost', 'dev-tier', 'example.com']);
  });

  it('keys are never resolved; CloudFormation intrinsics and Fn::Sub text pass through', () => {
    const { value } = resolve("custom:\n  '${self:x}': 1\n  arn: !Sub 'arn:${AWS::Partition}:sqs:${AWS::Region}:${self:service}'\nservice: s\n");
    assert.deepEqual(value.custom, { '${self:x}': 1, arn: { 'Fn::Sub': 'arn:${AWS::Partition}:sqs:${AWS::Region}:s' } });
  });
});

describe('serverless.yml variables: errors name serverless.yml:line', () => {
  it('a value not found and no fallback', () => {
    assert.equal(failure('provider:\n  name: aws\n  environment:\n    TABLE: ${env:TABLE}\n'),
      '<dir>/serverless.yml:4:5: Cannot resolve variable at "provider.environment.TABLE": Value not found at "env" source (at /provider/environment/TABLE)');
    assert.equal(failure('custom:\n  a: ${self:custom.nothing}\n'),
      '<dir>/serverless.yml:2:3: Cannot resolve variable at "custom.a": Value not found at "self" source (at /custom/a)');
  });

  it('an unknown source, an AWS source without a fallback, a bad file', () => {
    assert.equal(failure('custom:\n  a: ${vault:secret}\n'),
      '<dir>/serverless.yml:2:3: Cannot resolve variable at "custom.a": Unsupported variable source "vault" (Eddy resolves self, opt, env, sls, file, param, aws and strToBool; ssm, cf, s3, secretsmanager take their fallback) (at /custom/a)');
    assert.equal(failure('custom:\n  a: ${ssm:/x}\n'),
      '<dir>/serverless.yml:2:3: Cannot resolve variable at "custom.a": Value not found at "ssm" source (at /custom/a)');
    assert.equal(failure('custom:\n  a: ${file(./x.js):y}\n'),
      '<dir>/serverless.yml:2:3: Cannot resolve variable at "custom.a": Unsupported file extension ".js" in variable "file" source: Eddy reads .yml, .yaml and .json files (not .js/.ts, which run code) (at /custom/a)');
    assert.equal(failure('custom:\n  a: ${sls:region}\n'),
      '<dir>/serverless.yml:2:3: Cannot resolve variable at "custom.a": Unsupported "region" address argument in variable "sls" source (at /custom/a)');
  });

  it('a circular reference, a non-string inside a string, bad syntax', () => {
    assert.equal(failure('custom:\n  a: ${self:custom.b}\n  b: ${self:custom.a}\n'),
      '<dir>/serverless.yml:3:3: Circular reference among "custom.b" and "custom.a" properties (at /custom/b)');
    assert.equal(failure('custom:\n  a: x-${self:custom.m}\n  m: { k: 1 }\n'),
      '<dir>/serverless.yml:2:3: Cannot resolve variable at "custom.a": String value consist of variable which resolve with non-string value (at /custom/a)');
    assert.equal(failure("custom:\n  a: ${opt:stage, 'dev'\n"),
      "<dir>/serverless.yml:2:3: Missing variable closing bracket in ${opt:stage, 'dev' (at /custom/a)");
    assert.equal(failure('custom:\n  a: ${env:X, nope}\n'),
      '<dir>/serverless.yml:2:3: Invalid literal source "nope" in "${env:X, nope}" (at /custom/a)');
  });
});

describe('serverless.yml variables: properties', () => {
  const literal = fc.string({ maxLength: 12 }).filter((text) => !/[$\\{}'"\n]/.test(text));
  const key = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,8}$/);

  it('text with ${env:K} pieces resolves to the literal pieces joined with the values; text without variables is unchanged', () => {
    fc.assert(fc.property(literal, fc.array(fc.tuple(key, fc.string({ maxLength: 10 }).filter((v) => !v.includes('$')), literal), { maxLength: 4 }), (head, pieces) => {
      const env = Object.fromEntries(pieces.map(([k, v]) => [k, v]));
      const text = head + pieces.map(([k, , tail]) => `\${env:${k}}${tail}`).join('');
      const expected = pieces.length === 1 && head === '' && pieces[0]![2] === '' ? env[pieces[0]![0]] : head + pieces.map(([k, , tail]) => env[k] + tail).join('');
      const { value } = resolve(`custom:\n  text: ${JSON.stringify(text)}\n`, { env });
      assert.equal(value.custom.text, expected);
    }));
  });
});
