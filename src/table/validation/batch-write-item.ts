import { tableErrors } from '../errors.js';
import type { AttributeMap } from '../values/attribute-value.js';
import { MAX_ITEM_SIZE, itemSize } from '../values/item-size.js';
import { checkItemSize } from '../values/validate-item.js';
import { normalizeNamedItem } from './attribute-names.js';
import {
  returnConsumedCapacityShape,
  returnItemCollectionMetricsShape,
  type ReturnConsumedCapacity,
  type ReturnItemCollectionMetrics,
} from './common-shapes.js';
import { checkRequestItemsInput } from './request-items.js';
import { attributeMap, list, map, structure } from './shape.js';

/** Most write requests one BatchWriteItem may hold, over all its tables. */
export const MAX_BATCH_WRITE_REQUESTS = 25;

export interface WriteRequest {
  PutRequest?: { Item: AttributeMap };
  DeleteRequest?: { Key: AttributeMap };
}

export interface BatchWriteItemInput {
  RequestItems: Record<string, WriteRequest[]>;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
  ReturnItemCollectionMetrics?: ReturnItemCollectionMetrics;
}

export const batchWriteItemShape = structure('BatchWriteItemInput', {
  ReturnConsumedCapacity: returnConsumedCapacityShape(),
  ReturnItemCollectionMetrics: returnItemCollectionMetricsShape(),
  RequestItems: map(
    list(
      structure('WriteRequest', {
        DeleteRequest: structure('DeleteRequest', { Key: attributeMap({ notNull: true }) }),
        PutRequest: structure('PutRequest', { Item: attributeMap({ notNull: true }) }),
      }),
    ),
    { notNull: true },
  ),
});

/** One write of the batch after the checks made before any lookup. */
export type BatchWrite =
  | { kind: 'put'; tableName: string; item: AttributeMap; size: number }
  | { kind: 'delete'; tableName: string; key: AttributeMap };

/**
 * BatchWriteItem's shape checks (each table's list 1 to 25 long), then each request's data rules and
 * item size (as PutItem's), then the request count over all tables.
 */
export function checkBatchWriteItem(body: unknown): { input: BatchWriteItemInput; writes: BatchWrite[] } {
  const input = checkRequestItemsInput<BatchWriteItemInput>(body, batchWriteItemShape, {
    operation: 'BatchWriteItem',
    valueLength: { min: 1, max: MAX_BATCH_WRITE_REQUESTS },
  });
  const writes: BatchWrite[] = [];
  for (const tableName of Object.keys(input.RequestItems)) {
    for (const request of input.RequestItems[tableName]!) writes.push(batchWrite(tableName, request));
  }
  if (writes.length > MAX_BATCH_WRITE_REQUESTS) throw tableErrors.validation('Too many items requested for the BatchWriteItem call');
  return { input, writes };
}

function batchWrite(tableName: string, request: WriteRequest): BatchWrite {
  const { PutRequest: put, DeleteRequest: del } = request;
  // A WriteRequest holds exactly one of the two. AWS's wording for both or neither is unconfirmed:
  // this text is Eddy's.
  if ((put === undefined) === (del === undefined)) {
    throw tableErrors.validation('A WriteRequest must contain exactly one of PutRequest or DeleteRequest');
  }
  if (put !== undefined) {
    const item = normalizeNamedItem(put.Item);
    const size = itemSize(item);
    if (size > MAX_ITEM_SIZE) checkItemSize(item);
    return { kind: 'put', tableName, item, size };
  }
  return { kind: 'delete', tableName, key: normalizeNamedItem(del!.Key) };
}
