import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { packageName } from './build-record.js';

describe('packageName', () => {
  test('names the package npm would install for a bare specifier', () => {
    const cases: [string, string | undefined][] = [
      ['lodash', 'lodash'],
      ['lodash/chunk.js', 'lodash'],
      ['@aws-sdk/client-dynamodb', '@aws-sdk/client-dynamodb'],
      ['@aws-sdk/lib-dynamodb/dist-cjs/index.js', '@aws-sdk/lib-dynamodb'],
      ['JSONStream', 'JSONStream'],
      ['big.js', 'big.js'],
      // What npm cannot install: subpath imports, URLs, tsconfig aliases, a bare scope.
      ['#internal/thing', undefined],
      ['data:text/javascript,export default 1', undefined],
      ['@/lib/db', undefined],
      ['~/lib/db', undefined],
      ['@scope', undefined],
    ];
    for (const [specifier, name] of cases) assert.equal(packageName(specifier), name, specifier);
  });
});
