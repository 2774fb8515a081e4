import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError } from '../../shared/service-error.js';
import { tableErrors } from '../errors.js';
import { partiqlErrors, transactStatementError } from './partiql-errors.js';
import { parseStatement } from './statement-parser.js';

describe('PartiQL errors in ExecuteTransaction', () => {
  const caught = (run: () => unknown): unknown => {
    try {
      run();
    } catch (error) {
      return error;
    }
    assert.fail('expected an error');
  };

  it('prefixes a statement\'s ValidationException with its place, as DynamoDB does', () => {
    const parse = caught(() => parseStatement('SELECT * FROM T WHERE pk = 1 foo', []));
    const prefixed = transactStatementError(2, parse) as ServiceError;
    assert.equal(prefixed.code, 'ValidationException');
    assert.equal(
      prefixed.message,
      "Validation failed in TransactStatements[2]: Statement wasn't well formed, can't be processed: Unexpected token after expression",
    );
    assert.equal(
      (transactStatementError(0, partiqlErrors.transactionSelectKey()) as ServiceError).message,
      'Validation failed in TransactStatements[0]: Select statements within ExecuteTransaction must specify the primary key in the where clause.',
    );
    assert.equal(
      (transactStatementError(1, partiqlErrors.existsSingleItem()) as ServiceError).message,
      'Validation failed in TransactStatements[1]: EXISTS() must contain a single item read with additional condition',
    );
  });

  it('leaves other errors, and a message already prefixed, as they are', () => {
    const missing = tableErrors.resourceNotFound();
    assert.equal(transactStatementError(0, missing), missing);
    const returning = partiqlErrors.transactionReturning(3);
    assert.equal(transactStatementError(3, returning), returning);
    const bug = new TypeError('x');
    assert.equal(transactStatementError(0, bug), bug);
  });
});
