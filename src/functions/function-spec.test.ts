import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidFunctionSpecError } from './errors.js';
import { parseHandler, resolveSpec } from './function-spec.js';

const base = { name: 'orders', handler: 'src/orders.ts', baseDir: '/app' };

test('defaults: 3 s, 128 MB, no environment, no reserved concurrency', () => {
  assert.deepEqual(resolveSpec(base), {
    name: 'orders', handler: 'src/orders.ts', baseDir: '/app',
    timeoutSeconds: 3, memorySizeMB: 128, environment: {}, reservedConcurrency: undefined,
  });
});

test('handler paths name an export after #, handler by default', () => {
  assert.deepEqual(parseHandler('src/users.ts#main'), { file: 'src/users.ts', exportName: 'main' });
  assert.deepEqual(parseHandler('src/users.ts'), { file: 'src/users.ts', exportName: 'handler' });
  assert.deepEqual(parseHandler('src/users.ts#'), { file: 'src/users.ts', exportName: 'handler' });
});

const invalid: Array<[string, object, string]> = [
  ['name', { name: 'has space' }, 'function "has space": name must be 1 to 64 characters of letters, digits, hyphens and underscores'],
  ['long name', { name: 'x'.repeat(65) }, `function "${'x'.repeat(65)}": name must be 1 to 64 characters of letters, digits, hyphens and underscores`],
  ['handler', { handler: '#handler' }, `function "orders": handler must be a module path with an optional #export, e.g. 'src/users.ts#handler'`],
  ['baseDir', { baseDir: 'relative' }, 'function "orders": baseDir must be an absolute path'],
  ['timeout', { timeoutSeconds: 901 }, 'function "orders": timeout must be a whole number of seconds from 1 to 900, got 901'],
  ['timeout 0', { timeoutSeconds: 0 }, 'function "orders": timeout must be a whole number of seconds from 1 to 900, got 0'],
  ['memory', { memorySizeMB: 64 }, 'function "orders": memorySize must be a whole number of MB from 128 to 10240, got 64'],
  ['concurrency', { reservedConcurrency: -1 }, 'function "orders": reservedConcurrency must be a whole number from 0, got -1'],
  ['variable name', { environment: { '1X': 'a' } }, 'function "orders": environment variable name "1X" must start with a letter and have at least 2 characters of [A-Za-z0-9_]'],
  ['reserved variable', { environment: { AWS_REGION: 'x' } }, 'function "orders": environment variable AWS_REGION is reserved by Lambda'],
];
for (const [what, change, message] of invalid) {
  test(`rejects a bad ${what}`, () => {
    assert.throws(() => resolveSpec({ ...base, ...change }), (error: unknown) => {
      assert.ok(error instanceof InvalidFunctionSpecError);
      assert.equal(error.code, 'InvalidParameterValueException');
      assert.equal(error.message, message);
      return true;
    });
  });
}
