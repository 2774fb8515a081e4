import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConsoleHosts } from './admin-origin.js';

describe('ConsoleHosts: the Host names a browser may reach Eddy by', () => {
  const hosts = new ConsoleHosts('127.0.0.1', ['eddy.lan', 'Console.Example.COM']);

  it('allows IP literals, localhost and *.localhost, the bound host and the configured names, with or without a port', () => {
    for (const host of ['127.0.0.1', '127.0.0.1:4566', '10.0.0.7:80', '[::1]:4566', '[fe80::1]', 'localhost', 'LOCALHOST:4566', 'localhost.:4566', 'app.localhost:3000', 'eddy.lan', 'EDDY.LAN:4566', 'console.example.com:8080', 'eddy.lan.']) {
      assert.equal(hosts.allows(host), true, host);
    }
  });

  it('refuses names DNS could rebind, look-alikes, and what is not a host', () => {
    for (const host of [undefined, '', 'evil.example', 'evil.example:4566', 'localhost.evil.example', 'evil-localhost', 'localhostx', '127.0.0.1.nip.io', 'eddy.lan.evil.example', 'sub.eddy.lan', 'localhost@evil.example', 'a b', '[::1']) {
      assert.equal(hosts.allows(host), false, String(host));
    }
  });

  it('allows the name Eddy binds when it is a name', () => {
    assert.equal(new ConsoleHosts('eddy.internal').allows('eddy.internal:4566'), true);
    assert.equal(new ConsoleHosts('0.0.0.0').allows('eddy.internal:4566'), false);
  });
});
