import type { Path } from '../expressions/index.js';
import { hasMultiAttributeKey, keyAttributesOf } from '../indexes/index-key.js';
import type { IndexDefinition, TableDefinition } from '../table-definition.js';
import { pathsIn } from './expr-paths.js';
import { partiqlErrors } from './partiql-errors.js';
import type { Expr, Target } from './statement.js';

/**
 * The index a statement's `"Table"."Index"` reads, in PartiQL's words: an index the table does not
 * have is refused without its name (Query appends it), and so is any index whose key has several
 * HASH or RANGE attributes — DynamoDB's PartiQL reads none of those, whatever the statement.
 */
export function targetIndex(definition: TableDefinition, target: Target): IndexDefinition | undefined {
  if (target.index === undefined) return undefined;
  const index = [...definition.globalIndexes, ...definition.localIndexes].find((i) => i.name === target.index);
  if (index === undefined) throw partiqlErrors.unknownIndex();
  if (hasMultiAttributeKey(index.key)) throw partiqlErrors.multiAttributeIndex();
  return index;
}

/**
 * A SELECT of an index that does not project every attribute: each attribute its WHERE clause names
 * must be projected, on a global or a local index alike, and each its select list names on a global
 * one (recorded from AWS, nubo-db/dynamodb-conformance; which is reported first when both fail is
 * unconfirmed: the WHERE clause here).
 */
export function checkIndexProjection(definition: TableDefinition, index: IndexDefinition, where: Expr | undefined, select: Path[] | undefined): void {
  const { ProjectionType, NonKeyAttributes } = index.projection;
  if (ProjectionType === 'ALL') return;
  const projected = new Set([...keyAttributesOf(definition.key), ...keyAttributesOf(index.key)].map((a) => a.name));
  if (ProjectionType === 'INCLUDE') for (const name of NonKeyAttributes ?? []) projected.add(name);
  const unprojected = (paths: Path[]) => [...new Set(paths.map((path) => path[0] as string))].filter((name) => !projected.has(name));
  const filter = where === undefined ? [] : unprojected(pathsIn(where));
  if (filter.length > 0) throw partiqlErrors.unprojectedFilter(index.name, filter);
  const global = definition.globalIndexes.includes(index);
  const selected = select === undefined || !global ? [] : unprojected(select);
  if (selected.length > 0) throw partiqlErrors.unprojectedSelect(index.name, selected);
}
