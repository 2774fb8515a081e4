import type { Path } from '../expressions/index.js';
import type { AttributeValue } from '../values/attribute-value.js';
import { identifier, isIdentifier, parseExpression, parsePath } from './expression-parser.js';
import { partiqlErrors } from './partiql-errors.js';
import type { Expr, OrderItem, Returning, SelectStatement, Statement, Target, UpdateClause } from './statement.js';
import { TokenCursor } from './token-cursor.js';
import { parseItemValue } from './value-parser.js';

/**
 * Parses one PartiQL statement of DynamoDB's dialect ("PartiQL select/insert/update/delete
 * statements", developer guide), binding its `?` parameters in order:
 *
 *   SELECT * | path, … FROM target [WHERE expr] [ORDER BY path [ASC|DESC]]
 *   INSERT INTO target VALUE {…}
 *   UPDATE target (SET path = expr, … | REMOVE path, …)+ [WHERE expr] [RETURNING ALL|MODIFIED OLD|NEW *]
 *   DELETE FROM target [WHERE expr] [RETURNING ALL OLD *]
 *   FROM target [WHERE expr] (SET path = expr, … | REMOVE path, …)+ [RETURNING …]   (an UPDATE)
 *   EXISTS(SELECT …)
 *
 * where target is `"Table"` or `"Table"."Index"`.
 */
export function parseStatement(text: string, parameters: readonly AttributeValue[]): Statement {
  const cursor = new TokenCursor(text, parameters);
  const notes: ParseNotes = { aliased: false };
  const statement = statementAt(cursor, notes);
  cursor.acceptPunct(';');
  cursor.expectEnd();
  // PartiQL's grammar has aliases, so DynamoDB reads the whole statement before refusing one: a
  // syntax error anywhere is reported ahead of the alias.
  if (notes.aliased) throw partiqlErrors.aliasing();
  return statement;
}

/** What the parse met that is refused only once the whole statement has been read. */
interface ParseNotes {
  aliased: boolean;
}

function statementAt(cursor: TokenCursor, notes: ParseNotes): Statement {
  if (cursor.acceptKeyword('SELECT')) return select(cursor, notes);
  if (cursor.acceptKeyword('INSERT')) return insert(cursor);
  if (cursor.acceptKeyword('UPDATE')) return update(cursor, notes);
  if (cursor.acceptKeyword('DELETE')) return remove(cursor, notes);
  if (cursor.acceptKeyword('FROM')) return fromFirstUpdate(cursor, notes);
  if (cursor.acceptKeyword('EXISTS')) {
    cursor.expectPunct('(');
    cursor.expectKeyword('SELECT');
    const inner = select(cursor, notes);
    cursor.expectPunct(')');
    return { kind: 'exists', select: inner };
  }
  // DynamoDB's detail for a statement that starts with anything else (confirmed).
  throw partiqlErrors.malformed('Expected data manipulation');
}

function select(cursor: TokenCursor, notes: ParseNotes): SelectStatement {
  let projection: Path[] | undefined;
  if (!cursor.acceptPunct('*')) {
    projection = [];
    do {
      const name = cursor.peek();
      // A function where a path must be (recorded from AWS for attribute_exists; COUNT is left to the
      // path parser's answer).
      if (name.type === 'word' && cursor.isPunct('(', 1) && name.text.toUpperCase() !== 'COUNT') {
        throw partiqlErrors.unexpectedPathComponent(cursor.positionOf(name));
      }
      projection.push(parsePath(cursor));
      skipAlias(cursor, notes);
    } while (cursor.acceptPunct(','));
  }
  cursor.expectKeyword('FROM');
  const target = targetOf(cursor, notes, true);
  const where = whereOf(cursor);
  if (!cursor.acceptKeyword('ORDER')) return { kind: 'select', target, projection, where };
  cursor.expectKeyword('BY');
  const orderBy: OrderItem[] = [];
  do {
    const path = parsePath(cursor);
    const descending = cursor.acceptKeyword('DESC');
    if (!descending) cursor.acceptKeyword('ASC');
    orderBy.push({ path, descending });
  } while (cursor.acceptPunct(','));
  return { kind: 'select', target, projection, where, orderBy };
}

function insert(cursor: TokenCursor): Statement {
  cursor.expectKeyword('INTO');
  const target = targetOf(cursor, undefined);
  if (!cursor.acceptKeyword('VALUE')) {
    // PartiQL also has `INSERT INTO target <expression>`, which DynamoDB reads before refusing it: a
    // word after the target is that expression, so a VALUE clause after it is left over (recorded:
    // `INSERT INTO "T" t VALUE {…}` answers "Unexpected token after expression", not Aliasing).
    parseExpression(cursor);
    cursor.acceptPunct(';');
    if (cursor.peek().type !== 'end') throw partiqlErrors.leftover();
    throw partiqlErrors.insertValue();
  }
  if (!cursor.isPunct('{') && cursor.peek().type !== 'param') throw partiqlErrors.insertValue();
  const value = parseItemValue(cursor);
  if (!('M' in value)) throw partiqlErrors.insertValue();
  if (cursor.isKeyword('RETURNING')) throw partiqlErrors.returningInInsert();
  return { kind: 'insert', target, item: value.M };
}

function update(cursor: TokenCursor, notes: ParseNotes): Statement {
  const target = targetOf(cursor, notes);
  const clauses = updateClauses(cursor);
  return { kind: 'update', target, clauses, where: whereOf(cursor), returning: returningOf(cursor) };
}

/**
 * PartiQL's FROM-first UPDATE, `FROM target [WHERE …] (SET … | REMOVE …)+ [RETURNING …]`, which
 * DynamoDB runs as the UPDATE it spells (recorded from AWS, paritysuite/dynamodb-conformance
 * fromFirstUpdate: a WHERE after the clauses is left over, none at all misses the key equality).
 */
function fromFirstUpdate(cursor: TokenCursor, notes: ParseNotes): Statement {
  const target = targetOf(cursor, notes);
  const where = whereOf(cursor);
  return { kind: 'update', target, clauses: updateClauses(cursor), where, returning: returningOf(cursor) };
}

/** SET and REMOVE clauses, at least one, in the order written. */
function updateClauses(cursor: TokenCursor): UpdateClause[] {
  const clauses: UpdateClause[] = [];
  for (;;) {
    if (cursor.acceptKeyword('SET')) {
      do {
        const path = parsePath(cursor);
        cursor.expectPunct('=');
        clauses.push({ kind: 'set', path, value: parseExpression(cursor) });
      } while (cursor.acceptPunct(','));
    } else if (cursor.acceptKeyword('REMOVE')) {
      do clauses.push({ kind: 'remove', path: parsePath(cursor) });
      while (cursor.acceptPunct(','));
    } else {
      break;
    }
  }
  if (clauses.length === 0) throw cursor.unexpected('Expected SET or REMOVE');
  return clauses;
}

function remove(cursor: TokenCursor, notes: ParseNotes): Statement {
  cursor.expectKeyword('FROM');
  return { kind: 'delete', target: targetOf(cursor, notes), where: whereOf(cursor), returning: returningOf(cursor) };
}

/** `"Table"` or `"Table"."Index"`, and the alias after it when `notes` takes one (INSERT's does not). */
function targetOf(cursor: TokenCursor, notes: ParseNotes | undefined, select = false): Target {
  // A SELECT reads FROM an expression, a write FROM or INTO a simple path: DynamoDB's details differ
  // when the table is missing (recorded: "Unexpected term" after SELECT … FROM, "Expected identifier
  // for simple path" after DELETE FROM).
  if (!isIdentifier(cursor.peek())) {
    if (!select) throw partiqlErrors.expectedSimplePath();
    if (cursor.peek().type === 'end' || cursor.isPunct(';')) throw partiqlErrors.malformed('Unexpected term');
  }
  const table = identifier(cursor);
  const target = cursor.acceptPunct('.') ? { table, index: identifier(cursor) } : { table };
  if (cursor.isPunct('.')) throw partiqlErrors.fromPathComponents();
  if (table === '' || target.index === '') throw partiqlErrors.emptyPathComponent();
  if (notes !== undefined) skipAlias(cursor, notes);
  return target;
}

/** `AS name` or a bare `name` after a table or a selected path: PartiQL's alias, which DynamoDB refuses. */
function skipAlias(cursor: TokenCursor, notes: ParseNotes): void {
  const as = cursor.acceptKeyword('AS');
  if (!as && !isIdentifier(cursor.peek())) return;
  identifier(cursor);
  notes.aliased = true;
}

function whereOf(cursor: TokenCursor): Expr | undefined {
  return cursor.acceptKeyword('WHERE') ? parseExpression(cursor) : undefined;
}

function returningOf(cursor: TokenCursor): Returning | undefined {
  if (!cursor.acceptKeyword('RETURNING')) return undefined;
  const which = cursor.acceptKeyword('ALL') ? 'ALL' : (cursor.expectKeyword('MODIFIED'), 'MODIFIED');
  const image = cursor.acceptKeyword('OLD') ? 'OLD' : (cursor.expectKeyword('NEW'), 'NEW');
  cursor.expectPunct('*');
  return { which, image };
}
