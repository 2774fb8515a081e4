import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { corsOriginFlags } from './cors-origin-flag.js';

describe('--cors-origin', () => {
  it('takes origins from the flags or EDDY_CORS_ORIGINS (the flags first), written as browsers send them; nothing by default', () => {
    assert.equal(corsOriginFlags({}, {}), undefined);
    assert.equal(corsOriginFlags({}, { EDDY_CORS_ORIGINS: ' , ' }), undefined);
    assert.deepEqual(corsOriginFlags({ 'cors-origin': ['https://App.Example:443/', 'http://app.example:8080', '*'] }, {}), ['https://app.example', 'http://app.example:8080', '*']);
    assert.deepEqual(corsOriginFlags({}, { EDDY_CORS_ORIGINS: 'https://a.example, http://[::1]:3000,chrome-extension://ABCdef' }), ['https://a.example', 'http://[::1]:3000', 'chrome-extension://abcdef']);
    assert.deepEqual(corsOriginFlags({ 'cors-origin': ['https://flag.example'] }, { EDDY_CORS_ORIGINS: 'https://env.example' }), ['https://flag.example']);
  });

  it('refuses what is not an origin: no scheme, a path, a query, credentials, null', () => {
    for (const bad of ['app.example', 'https://app.example/path', 'https://app.example?x=1', 'https://user@app.example', 'null', '', 'https://', 'http://a b']) {
      assert.match(corsOriginFlags({ 'cors-origin': [bad] }, {}) as string, /^--cors-origin must be an origin .*, got '/, bad);
    }
    assert.match(corsOriginFlags({}, { EDDY_CORS_ORIGINS: 'https://ok.example,app.example' }) as string, /got 'app\.example'$/);
  });
});
