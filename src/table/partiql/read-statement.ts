import { RawJson } from '../../shared/raw-json.js';
import type { IndexPosition, ItemKey, StoredItem } from '../../storage/engine.js';
import { consumedCapacity, readUnits, type ReturnConsumedCapacity } from '../capacity.js';
import type { KeyConditionTerm, Path } from '../expressions/index.js';
import { indexScanFetch } from '../indexes/index-fetch.js';
import { requireItemTable } from '../item-operation.js';
import { itemList, lastEvaluatedKey } from '../reads/page-response.js';
import { readPage, type PageFetch } from '../reads/read-page.js';
import { readTargetOf } from '../reads/read-target.js';
import { indexStartKeyOf, startKeyOf } from '../reads/start-key.js';
import type { TableContext } from '../table-context.js';
import type { KeyShape } from '../table-definition.js';
import { decodeNextToken, encodeNextToken } from './next-token.js';
import { partiqlErrors } from './partiql-errors.js';
import type { SelectStatement } from './statement.js';
import { conditionOf } from './where-clause.js';
import { keyReadsOf } from './where-keys.js';
import { partitionFetch, type ReadOrder } from './partition-fetch.js';
import { checkIndexProjection, targetIndex } from './target-index.js';

export interface ReadOptions {
  readonly limit: number | undefined;
  readonly consistentRead: boolean;
  readonly nextToken: string | undefined;
  readonly returnConsumedCapacity: ReturnConsumedCapacity | undefined;
}

/**
 * A SELECT of ExecuteStatement, read as DynamoDB plans it: a Query of the table or index when the
 * WHERE clause pins its partition key (=, IN, ORed equalities; a sort-key comparison, BETWEEN or
 * begins_with narrowing the range), else a Scan; the whole WHERE clause is the filter and the select list the
 * projection. Pages as Query and Scan do — Limit and 1 MB count items read before the filter — so
 * a page may be empty and still carry a NextToken.
 */
export async function executeSelect(ctx: TableContext, statement: SelectStatement, options: ReadOptions): Promise<RawJson> {
  const table = await requireItemTable(ctx, statement.target.table);
  const definition = table.definition;
  const named = targetIndex(definition, statement.target);
  if (named !== undefined && options.consistentRead && definition.globalIndexes.includes(named)) throw partiqlErrors.consistentReadOnIndex();
  if (named !== undefined) checkIndexProjection(definition, named, statement.where, statement.projection);
  const target = readTargetOf(definition, statement.target.index, options.consistentRead, undefined);
  const { index } = target;
  const filter = statement.where && conditionOf(statement.where);
  const reads = keyReadsOf(target.key, statement.where);
  const order = orderOf(statement, reads, target.key);

  const resume = options.nextToken === undefined ? undefined : decodeNextToken(options.nextToken);
  let start: ItemKey | undefined;
  let indexStart: IndexPosition | undefined;
  if (resume !== undefined) {
    try {
      if (index) indexStart = indexStartKeyOf(definition, index, resume);
      else start = startKeyOf(definition, resume, 'Scan');
    } catch {
      throw partiqlErrors.invalidNextToken();
    }
  }
  let fetch: PageFetch;
  if (reads !== undefined) {
    fetch = partitionFetch(ctx, { tableId: table.id, index: index?.name, key: target.key, reads, ...order, start, indexStart });
  } else {
    fetch = index
      ? indexScanFetch(ctx, { tableId: table.id, index: index.name, fetchItems: false, start: indexStart }, undefined)
      : (after: StoredItem | undefined, limit: number) => {
          const cursor = after !== undefined ? after.key : start;
          return ctx.engine.scan({ tableId: table.id, limit, ...(cursor !== undefined && { after: cursor }) });
        };
  }
  const page = await readPage(fetch, { limit: options.limit, filter, projection: statement.projection, countOnly: false });

  let text = `{"Items":[${itemList(page.items)}]`;
  if (page.last !== undefined) {
    const last = lastEvaluatedKey(page.last, target.key, index && definition.key);
    text += `,"NextToken":${JSON.stringify(encodeNextToken(last))},"LastEvaluatedKey":${JSON.stringify(last)}`;
  }
  const units = readUnits(page.bytes, options.consistentRead);
  const consumed = consumedCapacity(options.returnConsumedCapacity, statement.target.table, 'read', units);
  if (consumed) text += `,"ConsumedCapacity":${JSON.stringify(consumed)}`;
  return new RawJson(text + '}');
}

/**
 * ORDER BY the key attributes of a Query: partitions come in partition-key order, each in sort-key
 * order, so the sort key alone orders only a Query of one partition. `ORDER BY pk DESC, sk ASC` reads
 * the partitions backwards and each forwards (recorded from AWS); the partition key alone sets both
 * directions (Eddy's reading: a public emulator records AWS answering `pk = 'o' ORDER BY pk ASC` in
 * descending sort-key order, which is not followed here). Anything else DynamoDB refuses, in this
 * order: no WHERE clause, an attribute outside the key read, no partition-key condition, the sort key
 * alone over several partitions.
 */
function orderOf(statement: SelectStatement, reads: KeyConditionTerm[][] | undefined, key: KeyShape): ReadOrder {
  const items = statement.orderBy;
  if (items === undefined) return { reversePartitions: false, reverseSort: false };
  if (statement.where === undefined) throw partiqlErrors.orderByWithoutWhere();
  const named = (name: string | undefined) => items.find((item) => item.path.length === 1 && item.path[0] === name);
  const other = items.find((item) => item !== named(key.partition.name) && item !== named(key.sort?.name));
  if (other !== undefined) throw partiqlErrors.orderByNonKey(pathText(other.path));
  if (reads === undefined) throw partiqlErrors.orderByWithoutHashKey();
  const partition = named(key.partition.name);
  if (partition === undefined && reads.length > 1) throw partiqlErrors.orderBySortOnly();
  const sort = named(key.sort?.name) ?? partition;
  return { reversePartitions: partition?.descending ?? false, reverseSort: sort?.descending ?? false };
}

/** A path as written: `a.b[0]`. */
const pathText = (path: Path): string => path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('');
