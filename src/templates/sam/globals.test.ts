import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fn, locatorOf, resourcesOf, samDocument, TEMPLATE_DIR } from './fixtures/sam-documents.js';
import { mergeGlobalValue } from './globals.js';
import { SamTemplateError } from './sam-template-error.js';
import { transformSam } from './transform.js';
import type { TemplateValue } from './types.js';

describe('Globals merge rules (SEMANTICS.md H.1, samtranslator GlobalProperties)', () => {
  const cases: [string, TemplateValue, TemplateValue, TemplateValue][] = [
    ['scalar: the resource wins', 'nodejs18.x', 'python3.12', 'python3.12'],
    ['number: the resource wins', 3, 30, 30],
    ['list + list: concatenated, global first, duplicates kept', ['a', 'b'], ['a', 'c'], ['a', 'b', 'a', 'c']],
    ['map + map: merged recursively, the resource key wins',
      { Variables: { TABLE: 'orders', STAGE: 'dev' } }, { Variables: { STAGE: 'prod', EXTRA: 'x' } },
      { Variables: { TABLE: 'orders', STAGE: 'prod', EXTRA: 'x' } }],
    ['intrinsic map counts as a scalar', { Variables: { A: 'a' } }, { Ref: 'EnvParam' }, { Ref: 'EnvParam' }],
    ['global intrinsic, resource map: the resource wins', { 'Fn::If': ['C', 'x', 'y'] }, { B: 1 }, { B: 1 }],
    ['type mismatch (list vs map): the resource wins', ['a'], { B: 1 }, { B: 1 }],
    ['type mismatch (scalar vs list): the resource wins', 'x', ['y'], ['y']],
  ];
  for (const [name, global, local, expected] of cases) {
    it(name, () => assert.deepEqual(mergeGlobalValue(global, local), expected));
  }

  it('fills what the function leaves out and keeps what it sets', () => {
    const document = samDocument({ A: fn({ Runtime: 'python3.12', Environment: { Variables: { B: 'b' } } }) }, {
      Globals: { Function: { Runtime: 'nodejs20.x', Timeout: 9, MemorySize: 256, Environment: { Variables: { A: 'a' } }, Layers: ['l1'] } },
    });
    const props = resourcesOf(document).A!.Properties!;
    assert.equal(props.Runtime, 'python3.12');
    assert.equal(props.Timeout, 9);
    assert.equal(props.MemorySize, 256);
    assert.deepEqual(props.Environment, { Variables: { A: 'a', B: 'b' } });
    assert.deepEqual(props.Layers, ['l1']);
  });

  it('IgnoreGlobals "*" skips every global; a list skips the ones named', () => {
    const globals = { Globals: { Function: { Timeout: 9, MemorySize: 256 } } };
    const all = resourcesOf(samDocument({ A: fn({}, { IgnoreGlobals: '*' }) }, globals)).A!.Properties!;
    assert.equal(all.Timeout, undefined);
    assert.equal(all.MemorySize, undefined);
    const some = resourcesOf(samDocument({ A: fn({}, { IgnoreGlobals: ['Timeout'] }) }, globals)).A!;
    assert.equal(some.Properties!.Timeout, undefined);
    assert.equal(some.Properties!.MemorySize, 256);
    assert.equal(some.IgnoreGlobals, undefined);
  });

  it('merges SimpleTable, Api and HttpApi globals into their resources', () => {
    const resources = resourcesOf(samDocument({
      T: { Type: 'AWS::Serverless::SimpleTable' },
      R: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'v1' } },
      H: { Type: 'AWS::Serverless::HttpApi' },
    }, { Globals: { SimpleTable: { SSESpecification: { SSEEnabled: true } }, Api: { Name: 'rest' }, HttpApi: { CorsConfiguration: { AllowOrigins: ['*'] } } } }));
    assert.deepEqual(resources.T!.Properties!.SSESpecification, { SSEEnabled: true });
    assert.equal(resources.R!.Properties!.Name, 'rest');
    assert.deepEqual(resources.H!.Properties!.CorsConfiguration, { AllowOrigins: ['*'] });
  });
});

describe('Globals errors (samtranslator InvalidGlobalsSectionException)', () => {
  const cases: [string, TemplateValue, RegExp, string][] = [
    ['Policies on Function', { Function: { Policies: ['x'] } },
      /^'Globals' section is invalid\. 'Policies' is not a supported property of 'Function'\. Must be one of the following values - \['Handler', 'Runtime', 'CodeUri', /,
      '/Globals/Function/Policies'],
    ['Events on Function', { Function: { Events: {} } }, /'Events' is not a supported property of 'Function'/, '/Globals/Function/Events'],
    ['FunctionName on Function', { Function: { FunctionName: 'x' } }, /'FunctionName' is not a supported property/, '/Globals/Function/FunctionName'],
    ['Role on Function', { Function: { Role: 'x' } }, /'Role' is not a supported property/, '/Globals/Function/Role'],
    ['an unknown section', { Table: {} },
      /^'Globals' section is invalid\. 'Table' is not supported\. Must be one of the following values - \['Api', 'CapacityProvider', 'Function', 'HttpApi', 'LayerVersion', 'SimpleTable', 'StateMachine', 'WebSocketApi'\]$/,
      '/Globals/Table'],
    ['a section that is not a map', { Function: 'x' }, /^'Globals' section is invalid\. Value of \$\{section\} must be a dictionary$/, '/Globals/Function'],
    ['Globals that is not a map', ['x'], /^'Globals' section is invalid\. It must be a non-empty dictionary$/, '/Globals'],
  ];
  for (const [name, globals, message, pointer] of cases) {
    it(name, () => {
      const locate = locatorOf(['/Globals', '/Globals/Function']);
      assert.throws(() => transformSam(samDocument({ A: fn() }, { Globals: globals }), { templateDir: TEMPLATE_DIR, locate }), (error) => {
        assert.ok(error instanceof SamTemplateError);
        assert.match(error.detail, message);
        assert.equal(error.path, pointer);
        // The nearest location the source map knows: the section's line, or Globals' own.
        assert.equal(error.location?.line, pointer.startsWith('/Globals/Function') ? 2 : 1);
        assert.match(error.message, /^template\.yaml:\d+:3: 'Globals' section is invalid/);
        return true;
      });
    });
  }
});
