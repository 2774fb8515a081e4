import type { Path } from '../expressions/index.js';
import type { AttributeMap, AttributeValue } from '../values/attribute-value.js';

/**
 * A parsed PartiQL statement. Parameters (`?`) are already bound, so every value is an
 * AttributeValue; conditions are still PartiQL expressions (see where-clause.ts for their meaning).
 */
export type Statement = SelectStatement | InsertStatement | UpdateStatement | DeleteStatement | ExistsStatement;

/** `"Table"` or `"Table"."Index"`. */
export interface Target {
  readonly table: string;
  readonly index?: string;
}

export interface SelectStatement {
  readonly kind: 'select';
  readonly target: Target;
  /** Undefined for `SELECT *`. */
  readonly projection: Path[] | undefined;
  readonly where: Expr | undefined;
  /** The ORDER BY items, in the order written. */
  readonly orderBy?: readonly OrderItem[];
}

/** One item of ORDER BY: a path, ASC (the default) or DESC. */
export interface OrderItem {
  readonly path: Path;
  readonly descending: boolean;
}

export interface InsertStatement {
  readonly kind: 'insert';
  readonly target: Target;
  readonly item: AttributeMap;
}

/** One SET or REMOVE of an UPDATE, in the order written. */
export type UpdateClause = { readonly kind: 'set'; readonly path: Path; readonly value: Expr } | { readonly kind: 'remove'; readonly path: Path };

/** RETURNING ALL|MODIFIED OLD|NEW *. */
export interface Returning {
  readonly which: 'ALL' | 'MODIFIED';
  readonly image: 'OLD' | 'NEW';
}

export interface UpdateStatement {
  readonly kind: 'update';
  readonly target: Target;
  readonly clauses: UpdateClause[];
  readonly where: Expr | undefined;
  readonly returning: Returning | undefined;
}

export interface DeleteStatement {
  readonly kind: 'delete';
  readonly target: Target;
  readonly where: Expr | undefined;
  readonly returning: Returning | undefined;
}

/** `EXISTS(SELECT … WHERE <full key> …)`: a condition check of ExecuteTransaction. */
export interface ExistsStatement {
  readonly kind: 'exists';
  readonly select: SelectStatement;
}

export type Comparison = '=' | '<>' | '<' | '<=' | '>' | '>=';

/**
 * An expression of a WHERE clause or of the right-hand side of a SET (a call's `at` is where its name
 * stands, `line:column:length`, for DynamoDB's messages; `argsAt` where each argument's first token does).
 */
export type Expr =
  | { readonly kind: 'value'; readonly value: AttributeValue }
  | { readonly kind: 'path'; readonly path: Path }
  | { readonly kind: 'call'; readonly name: string; readonly args: Expr[]; readonly at: string; readonly argsAt: string[] }
  | { readonly kind: 'compare'; readonly op: Comparison; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'arithmetic'; readonly op: '+' | '-'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'and' | 'or'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'not'; readonly operand: Expr }
  | { readonly kind: 'between'; readonly operand: Expr; readonly lower: Expr; readonly upper: Expr }
  | { readonly kind: 'in'; readonly operand: Expr; readonly candidates: Expr[] }
  | { readonly kind: 'is'; readonly operand: Expr; readonly test: IsTest; readonly negated: boolean };

/** What `IS [NOT]` tests: MISSING, NULL, or a PartiQL type name (see is-types.ts). */
export type IsTest = 'MISSING' | 'NULL' | IsTypeName;

export type IsTypeName = 'STRING' | 'BOOL' | 'BOOLEAN' | 'DECIMAL' | 'NUMERIC' | 'BLOB' | 'LIST' | 'STRUCT' | 'TUPLE' | 'BAG';
