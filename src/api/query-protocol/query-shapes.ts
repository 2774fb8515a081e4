/**
 * The small shape language of the AWS query protocol (botocore serialize.py's QuerySerializer, read
 * backwards): what one operation's form parameters decode into and what its result encodes as.
 * Lists travel as `X.member.N` (N from 1), maps as `X.entry.N.<key>` / `X.entry.N.<value>` (`key` and
 * `value` unless the model renames them, e.g. SNS MessageAttributes' `Name` / `Value`), structures as
 * `A.B.C`, an empty list as `X=` [SEMANTICS E.1].
 */
export type QueryShape =
  | { readonly type: 'string' }
  | { readonly type: 'boolean' }
  | { readonly type: 'list'; readonly member: QueryShape }
  | { readonly type: 'map'; readonly keyName: string; readonly valueName: string; readonly value: QueryShape }
  | { readonly type: 'structure'; readonly members: Readonly<Record<string, QueryShape>>; readonly required?: readonly string[] };

export type StructureShape = Extract<QueryShape, { type: 'structure' }>;

export const str: QueryShape = { type: 'string' };
export const bool: QueryShape = { type: 'boolean' };
export const list = (member: QueryShape): QueryShape => ({ type: 'list', member });
export const map = (value: QueryShape = str, names: { key: string; value: string } = { key: 'key', value: 'value' }): QueryShape => ({
  type: 'map',
  keyName: names.key,
  valueName: names.value,
  value,
});
export const struct = (members: Readonly<Record<string, QueryShape>>, required?: readonly string[]): StructureShape => ({
  type: 'structure',
  members,
  ...(required !== undefined && { required }),
});
