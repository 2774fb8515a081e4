import { ServiceError } from '../../shared/service-error.js';
import { tableErrors } from '../errors.js';

const NS = 'com.amazonaws.dynamodb.v20120810#';

/**
 * The errors PartiQL statements answer with, each message in one place. Confirmed wordings (AWS
 * answers quoted by users, DynamoDB Local's message catalogue) are marked so; the others are Eddy's
 * wording where DynamoDB's exact text is unconfirmed.
 */
export const partiqlErrors = {
  /**
   * Confirmed prefix. Details recorded from AWS (paritysuite/dynamodb-conformance partiqlGrammar):
   * "Expected data manipulation", "Unexpected term", "Unexpected keyword", "Unexpected operator",
   * "Expected type name", and none at all for what cannot be tokenized or converted; any other detail
   * (at a statement's other malformed places) is Eddy's, unconfirmed.
   */
  malformed: (detail: string) => tableErrors.validation(`Statement wasn't well formed, can't be processed: ${detail}`),
  /**
   * Confirmed (AWS answers recorded by a public conformance suite, paritysuite/dynamodb-conformance
   * partiqlGrammar): a complete statement with a token left over — after a WHERE clause, a stray `)`,
   * ORDER BY on a DELETE or ahead of WHERE, a word after an INSERT's target.
   */
  leftover: () => tableErrors.validation("Statement wasn't well formed, can't be processed: Unexpected token after expression"),
  /**
   * Confirmed for a table alias, with or without AS, on SELECT, UPDATE and DELETE (AWS answers recorded
   * by the same suite; no envelope). Unconfirmed for an alias in a SELECT's projection list, which
   * Eddy refuses the same way.
   */
  aliasing: () => tableErrors.validation('Aliasing is not supported'),
  /**
   * Confirmed (AWS answer to `SELECT attribute_exists(ss) FROM …`, paritysuite/dynamodb-conformance
   * partiqlFunctions): a function in a SELECT list, at `line:column:length` of its name.
   */
  unexpectedPathComponent: (at: string) => tableErrors.validation(`Unexpected path component at ${at}`),
  /** Confirmed (AWS answers to a condition ending in AND or OR, paritysuite/dynamodb-conformance partiqlGrammar); other infix operators alike. */
  missingRightHandSide: () => tableErrors.validation("Statement wasn't well formed, can't be processed: Missing right-hand side expression of infix operator"),
  /** Confirmed (AWS answers to `DELETE FROM` with no table, the same suite); UPDATE and INSERT alike. */
  expectedSimplePath: () => tableErrors.validation("Statement wasn't well formed, can't be processed: Expected identifier for simple path"),
  /** Confirmed (AWS answers recorded by paritysuite/dynamodb-conformance partiqlGrammar): see where-keys.ts checkOverlap. */
  overlappingRangeKeys: () => tableErrors.validation('Overlapping conditions with range keys are not supported in where clause'),
  /**
   * Confirmed for one attribute (AWS answers recorded by nubo-db/dynamodb-conformance): a SELECT of an
   * index naming attributes it does not project — in its WHERE clause ("Secondary index", global or
   * local), in its select list (global). Several are listed as `[a, b]` (unconfirmed).
   */
  unprojectedFilter: (index: string, names: readonly string[]) =>
    tableErrors.validation(`One or more parameter values were invalid: Secondary index ${index} does not project one or more filter attributes: [${names.join(', ')}]`),
  unprojectedSelect: (index: string, names: readonly string[]) =>
    tableErrors.validation(`One or more parameter values were invalid: Global secondary index ${index} does not project [${names.join(', ')}]`),
  /** Confirmed (DynamoDB Local). */
  parameterCount: () => tableErrors.validation("Number of parameters in request and statement don't match."),
  /** Confirmed (AWS answer quoted by users). */
  keyEqualityMissing: () => tableErrors.validation('Where clause does not contain a mandatory equality on all key attributes'),
  /** Confirmed (AWS answer quoted by users): INSERT of a key that exists. */
  duplicateItem: () => new ServiceError(`${NS}DuplicateItemException`, DUPLICATE_ITEM_MESSAGE),
  /** Confirmed (DynamoDB Local). */
  returningInInsert: () => tableErrors.validation('RETURNING is not supported in INSERT'),
  /**
   * Confirmed (AWS answer recorded by nubo-db/dynamodb-conformance, behind the TransactStatements
   * prefix; DynamoDB Local's catalogue): a SELECT of an index in ExecuteTransaction.
   */
  transactionIndexRead: () => tableErrors.validation('Reads on indices are not supported within transactions.'),
  /** Confirmed (DynamoDB Local; AWS answer recorded behind the TransactStatements prefix by paritysuite/dynamodb-conformance). */
  transactionSelectKey: () =>
    tableErrors.validation('Select statements within ExecuteTransaction must specify the primary key in the where clause.'),
  /**
   * Confirmed (AWS answers recorded by a public conformance suite: "Unrecognized function: exists at
   * 1:<column>:6", "… set_add at …"): a function DynamoDB's PartiQL does not have where it stands, its name
   * lower-cased, at `line:column:length` of its name in the statement (counted from 1). Recorded for
   * WHERE clauses; Eddy answers the same for a function in a SET value (unconfirmed there).
   */
  unrecognizedFunction: (name: string, at: string) => tableErrors.validation(`Unrecognized function: ${name} at ${at}`),
  /** Unconfirmed wording: arithmetic, a function or a nested statement where a condition operand must be a path or a value. */
  unsupportedOperand: (what: string) => tableErrors.validation(`Unsupported operand in a condition: ${what}`),
  /** Confirmed (AWS answers recorded by two public suites: `<<>>` in an INSERT and in set_add). */
  emptyBag: () => tableErrors.validation('Empty bags are not supported'),
  /** Confirmed (AWS answer to `<<1, 'a'>>` in an INSERT, recorded by a public emulator's tests). */
  mixedBag: () => tableErrors.validation('Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags'),
  /**
   * Confirmed for set_add with one and three arguments, assigned to another attribute or given a
   * literal first, and given a string or a list to add; for set_delete assigned to another attribute
   * and given a string (AWS answers recorded by paritysuite/dynamodb-conformance partiqlFunctions).
   * `name` is upper-cased; `at` is `line:column:length` of the function's name, or for the second
   * argument's message of the first argument.
   */
  setFunctionArguments: (name: string, at: string) => tableErrors.validation(`${name.toUpperCase()} must have exactly two arguments at ${at}`),
  setFunctionTarget: (name: string, at: string) =>
    tableErrors.validation(`The first argument to ${name.toUpperCase()} must equal the assignment value at ${at}`),
  setFunctionMembers: (name: string, at: string) =>
    tableErrors.validation(`The second argument to ${name.toUpperCase()} must be a value with type SET at ${at}`),
  /** Unconfirmed wording: a value DynamoDB cannot store (a map with a non-string key). */
  invalidValue: (detail: string) => tableErrors.validation(`Invalid value in statement: ${detail}`),
  /** Unconfirmed wording: a NextToken Eddy did not issue, or issued for another statement. */
  invalidNextToken: () => tableErrors.validation('The provided NextToken is invalid'),
  /**
   * ORDER BY DynamoDB cannot serve, confirmed (AWS answers quoted by a public emulator's tests,
   * "captured from real DynamoDB"): no WHERE clause; an attribute outside the primary key read; no
   * equality or IN on the partition key; the sort key alone when several partitions are read.
   */
  orderByWithoutWhere: () => tableErrors.validation('Must have WHERE clause in the statement when using ORDER BY clause.'),
  orderByNonKey: (name: string) => tableErrors.validation(`Attribute ${name} in ORDER BY clause must be part of the primary key`),
  orderByWithoutHashKey: () =>
    tableErrors.validation('Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.'),
  orderBySortOnly: () =>
    tableErrors.validation('Must have hash key in ORDER BY clause when more than one hash key condition specified in WHERE clause.'),
  /**
   * Confirmed (AWS answers recorded by public conformance suites): a FROM naming an index the table
   * does not have (or the table itself), with no name appended as Query appends it; a strongly
   * consistent read of a global index, worded unlike Query's; three path components; an empty one.
   */
  unknownIndex: () => tableErrors.validation('The table does not have the specified index'),
  consistentReadOnIndex: () => tableErrors.validation('Strongly consistent read is not supported on Global Secondary Indexes'),
  fromPathComponents: () => tableErrors.validation('A path may contain at most 2 components in the FROM clause'),
  emptyPathComponent: () => tableErrors.validation('Path component cannot be an empty string'),
  /**
   * Confirmed (AWS answers recorded by paritysuite/dynamodb-conformance, two regions): any statement
   * reading a global index whose key has several HASH or several RANGE attributes — after syntax and
   * literal errors, before key types, WHERE requirements and a batch's key-only rule.
   */
  multiAttributeIndex: () =>
    tableErrors.validation('PartiQL statements cannot be executed on tables with multi-attribute HASH keys or multi-attribute RANGE keys.'),
  /**
   * A batch or transaction that mixes reads and writes (the developer guide forbids it). Confirmed for
   * ExecuteTransaction (AWS answer quoted by a public emulator's tests, and DynamoDB Local's catalogue);
   * the batch wording is Eddy's (unconfirmed).
   */
  mixedReadsAndWrites: (operation: 'batch' | 'transaction') =>
    tableErrors.validation(
      operation === 'transaction'
        ? 'ExecuteTransaction API does not support both read and write operations in the same request.'
        : 'Statements in a batch must be either all reads or all writes',
    ),
  /**
   * Confirmed (AWS answers recorded by public conformance suites): a batch SELECT that does not pin one
   * item by the table's key, or reads an index (batches read through BatchGetItem).
   */
  batchSelectKey: () => tableErrors.validation('Select statements within BatchExecuteStatement must specify the primary key in the where clause.'),
  /**
   * Confirmed for ExecuteStatement (AWS answer quoted by a public emulator's tests, "captured from real
   * DynamoDB"); BatchExecuteStatement answers the same in Eddy (unconfirmed there).
   */
  existsOutsideTransaction: () => tableErrors.validation('EXISTS can only be used in ExecuteTransaction write requests.'),
  /**
   * Confirmed (AWS answers recorded by public suites, DynamoDB Local's catalogue): an EXISTS whose
   * SELECT does not pin one item by an equality on every key attribute (IN does not count), or pins it
   * with no further condition. In ExecuteTransaction DynamoDB prefixes it with
   * "Validation failed in TransactStatements[<i>]: " (see transactStatementError).
   */
  existsSingleItem: () => tableErrors.validation('EXISTS() must contain a single item read with additional condition'),
  /** DynamoDB Local's catalogue (unconfirmed against AWS): an EXISTS reading an index. */
  existsOnIndex: () => tableErrors.validation('Operations on indices are not supported in transactions'),
  /** Confirmed (AWS answer recorded by a public conformance suite); `index` counts from 0. */
  transactionReturning: (index: number) =>
    tableErrors.validation(`Validation failed in TransactStatements[${index}]: RETURNING clause is not supported in ExecuteTransaction.`),
  /** Confirmed (AWS answer recorded by a public conformance suite). */
  deleteReturning: (clause: string) =>
    tableErrors.validation(`Invalid returning clause: ${clause}. Only RETURNING ALL OLD * is allowed in DELETE statements.`),
  /**
   * Unconfirmed wording: an IN list longer than DynamoDB allows ("PartiQL … operators": at most 50
   * partition-key values, at most 100 values for any other attribute).
   */
  tooManyInValues: (limit: number, onPartitionKey: boolean) =>
    tableErrors.validation(`The IN operator takes at most ${limit} values${onPartitionKey ? ' on a partition key' : ''}`),
  /** Unconfirmed wording: an INSERT whose VALUE is not a tuple. */
  insertValue: () => tableErrors.validation('Unsupported insert value: the VALUE of an INSERT must be a tuple {…}'),
};

const TRANSACT_STATEMENT_PREFIX = /^Validation failed in TransactStatements\[\d+\]: /;

/**
 * The error of statement `index` (from 0) of ExecuteTransaction as DynamoDB words it: a
 * ValidationException gets "Validation failed in TransactStatements[<index>]: " ahead of its message
 * (recorded from AWS for a malformed statement, RETURNING, a SELECT without the full key, a SELECT of
 * an index and an EXISTS without a single item and a condition); anything else, and a message already
 * prefixed, is unchanged. Request-level refusals (mixed reads and writes, two statements on one item)
 * are not a statement's and are not passed here.
 */
export function transactStatementError(index: number, error: unknown): unknown {
  if (!(error instanceof ServiceError) || error.code !== 'ValidationException' || TRANSACT_STATEMENT_PREFIX.test(error.message)) return error;
  return tableErrors.validation(`Validation failed in TransactStatements[${index}]: ${error.message}`);
}

/** DuplicateItem's message, also the Message of a batch error or a cancellation reason (confirmed for the exception). */
export const DUPLICATE_ITEM_MESSAGE = 'Duplicate primary key exists in table';
