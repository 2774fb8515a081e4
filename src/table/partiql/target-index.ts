import { hasMultiAttributeKey } from '../indexes/index-key.js';
import type { IndexDefinition, TableDefinition } from '../table-definition.js';
import { partiqlErrors } from './partiql-errors.js';
import type { Target } from './statement.js';

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
