import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { processesFlag } from './processes-flag.js';

describe('--processes', () => {
  it('takes a count, auto (the cores), or the variable when the flag is absent', () => {
    assert.equal(processesFlag({}, {}), undefined);
    assert.equal(processesFlag({ processes: '3' }, {}), 3);
    assert.equal(processesFlag({ processes: 'auto' }, {}, 6), 6);
    assert.equal(processesFlag({}, { EDDY_PROCESSES: '2' }), 2);
    assert.equal(processesFlag({ processes: '1' }, { EDDY_PROCESSES: '4' }), 1);
  });

  it('refuses what is not a count', () => {
    for (const bad of ['0', '-1', '1.5', 'two', '65', ''])
      assert.match(processesFlag({ processes: bad }, {}) as string, /--processes must be auto or a whole number from 1 to 64, got/);
  });
});
