import { defineConfig } from 'eddy';

/**
 * Every change to a single-table design table goes onto an event bus; rules on the bus route the
 * changes of orders and users to an audit history and to per-customer counts. See README.md.
 */

const TABLE = 'my-service';

/** Changes of orders (`OID#…`) and users (`UID#…`) as the forwarder puts them on the bus. */
const ordersAndUsers = (eventNames: string[]) => ({
  source: ['my-service.database'],
  'detail-type': eventNames,
  detail: { dynamodb: { Keys: { pk: { S: [{ prefix: 'OID#' }, { prefix: 'UID#' }] } } } },
});

export default defineConfig({
  tables: {
    // Orders, users, customers, products — and the history and counts written below — in one table.
    [TABLE]: {
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      // Overloaded: a customer's orders and users (CID#…), and who changed what (WHO#…).
      globalIndexes: { GSI1: { partitionKey: { name: 'gsi1_pk', type: 'S' }, sortKey: { name: 'gsi1_sk', type: 'S' } } },
      stream: 'NEW_AND_OLD_IMAGES',
      // The counter's "already counted" markers expire after a week.
      ttlAttribute: 'expiresAt',
    },
  },
  queues: {
    // Content-based deduplication: an EventBridge target sends no MessageDeduplicationId of its own.
    'customer-counts.fifo': { fifo: true, contentBasedDeduplication: true },
  },
  buses: { app: {} },
  rules: {
    recordHistory: {
      bus: 'app',
      description: 'Orders and users created or changed: record what changed and by whom',
      pattern: ordersAndUsers(['INSERT', 'MODIFY']),
      // The function gets the stream record itself, as if a stream had triggered it.
      targets: [{ function: 'recordHistory', inputPath: '$.detail' }],
    },
    customerCounts: {
      bus: 'app',
      description: 'Orders and users created or deleted: count them per customer',
      pattern: ordersAndUsers(['INSERT', 'REMOVE']),
      // EventBridge sets one message group for the target: the counts are kept in one ordered line.
      targets: [{ queue: 'customer-counts.fifo', messageGroupId: 'customers' }],
    },
  },
  functions: {
    publishChanges: {
      handler: 'src/publish-changes.ts#handler',
      timeout: 30,
      environment: { EVENT_BUS: 'app', EVENT_SOURCE: 'my-service.database' },
      events: [
        {
          stream: {
            table: TABLE,
            startingPosition: 'TRIM_HORIZON',
            batchSize: 100,
            // A failed PutEvents entry is retried from that record on, not from the batch's start.
            functionResponseTypes: ['ReportBatchItemFailures'],
          },
        },
      ],
    },
    recordHistory: { handler: 'src/record-history.ts#handler', environment: { TABLE_NAME: TABLE } },
    countIntegrations: {
      handler: 'src/count-integrations.ts#handler',
      environment: { TABLE_NAME: TABLE },
      events: [{ queue: { name: 'customer-counts.fifo', batchSize: 10 } }],
    },
  },
});
