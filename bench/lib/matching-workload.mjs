// The rules and events bench/matching.mjs matches: a bus shared by many services, as a team's rules look.
// Rules name `source` and `detail-type` (a few hundred of each in use), detail fields, key prefixes of
// DynamoDB stream records passed on by a pipe, arrays of objects; a few use only anything-but, numeric
// ranges or suffixes. Events carry about 20 leaf fields, drawn from the same distributions, so some match
// many rules and many match none. Deterministic: the same seed gives the same rules and events.

/** A small seeded PRNG (mulberry32), so every run and every rule count sees the same workload. */
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES = Array.from({ length: 120 }, (_, i) => `com.acme.${['orders', 'billing', 'users', 'shipping', 'catalog', 'search'][i % 6]}-${i}`);
const DETAIL_TYPES = ['Order Placed', 'Order Shipped', 'Order Cancelled', 'Payment Captured', 'Payment Failed', 'Refund Issued',
  'User Signed Up', 'User Deleted', 'Profile Updated', 'Item Restocked', 'Item Priced', 'Shipment Delayed', 'Invoice Sent',
  'Invoice Overdue', 'Cart Abandoned', 'Review Posted', 'Coupon Redeemed', 'Subscription Renewed', 'Subscription Lapsed', 'Export Finished'];
const STATUSES = ['PENDING', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'REFUNDED'];
const ENTITIES = ['ORDER', 'USER', 'INVOICE', 'CART', 'SKU'];
const TENANTS = 2000;
const SKUS = 5000;
const TABLES = ['Orders', 'Users', 'Invoices', 'Carts', 'Catalog'];
const DATABASE = 'my-service.database';

/** Generates `count` rules `{ id, pattern }`. Rule i is the same whatever the count (a prefix of one list). */
export function generateRules(count, seed = 1) {
  const rules = [];
  for (let i = 0; i < count; i++) {
    const next = random(seed * 1_000_003 + i);
    const pick = (list) => list[Math.floor(next() * list.length)];
    const source = pick(SERVICES);
    const kind = next();
    let pattern;
    if (kind < 0.33) {
      pattern = { source: [source], 'detail-type': [pick(DETAIL_TYPES)] };
    } else if (kind < 0.48) {
      pattern = { source: [source], 'detail-type': [pick(DETAIL_TYPES), pick(DETAIL_TYPES)], detail: { status: [pick(STATUSES), pick(STATUSES)] } };
    } else if (kind < 0.68) {
      // A pipe's DynamoDB stream records on the bus: per-tenant key prefixes, as { pk: { S: [{ prefix: 'OID#' }] } }.
      const prefix = `T${Math.floor(next() * TENANTS)}#${pick(ENTITIES)}#`;
      pattern = { source: [DATABASE], 'detail-type': [pick(['INSERT', 'MODIFY', 'REMOVE'])], detail: { dynamodb: { Keys: { pk: { S: [{ prefix }] } } } } };
    } else if (kind < 0.78) {
      pattern = { source: [source], detail: { amount: [{ numeric: ['>', Math.floor(next() * 1000)] }], currency: [{ 'anything-but': ['USD'] }] } };
    } else if (kind < 0.88) {
      pattern = { source: [source], $or: [{ 'detail-type': [pick(DETAIL_TYPES)] }, { detail: { priority: ['HIGH'], customer: { tier: [pick(['gold', 'platinum'])] } } }] };
    } else if (kind < 0.93) {
      pattern = { source: [source], detail: { items: { sku: [`SKU-${Math.floor(next() * SKUS)}`], quantity: [{ numeric: ['>=', 2] }] } } };
    } else if (kind < 0.998) {
      pattern = { 'detail-type': [{ 'equals-ignore-case': pick(DETAIL_TYPES).toUpperCase() }], resources: [{ wildcard: `arn:aws:dynamodb:*:table/${pick(TABLES)}` }], region: [pick(['eu-west-1', 'us-east-1'])] };
    } else {
      // No value to look up: checked against every event.
      pattern = next() < 0.5
        ? { 'detail-type': [{ suffix: 'Failed' }], detail: { attempts: [{ numeric: ['>=', 3] }] } }
        : { account: [{ 'anything-but': ['111122223333'] }], detail: { severity: [{ numeric: ['>=', 8] }] } };
    }
    rules.push({ id: `rule-${i}`, pattern });
  }
  return rules;
}

function streamRecord(next, pick) {
  const pk = `T${Math.floor(next() * TENANTS)}#${pick(ENTITIES)}#${Math.floor(next() * 1e6)}`;
  return {
    eventID: `${Math.floor(next() * 1e9)}`,
    eventName: pick(['INSERT', 'MODIFY', 'REMOVE']),
    dynamodb: {
      ApproximateCreationDateTime: 1_763_000_000 + Math.floor(next() * 1e5),
      Keys: { pk: { S: pk }, sk: { S: `v${Math.floor(next() * 10)}` } },
      NewImage: { pk: { S: pk }, status: { S: pick(STATUSES) }, total: { N: String(Math.floor(next() * 1000)) } },
      SequenceNumber: `${Math.floor(next() * 1e15)}`,
      SizeBytes: 120 + Math.floor(next() * 400),
    },
  };
}

function businessDetail(next, pick) {
  return {
    orderId: `o-${Math.floor(next() * 1e6)}`,
    status: pick(STATUSES),
    amount: Math.floor(next() * 2000),
    currency: pick(['USD', 'EUR', 'GBP']),
    priority: pick(['LOW', 'NORMAL', 'HIGH']),
    customer: { id: `c-${Math.floor(next() * 1e5)}`, tier: pick(['basic', 'gold', 'platinum']) },
    items: [{ sku: `SKU-${Math.floor(next() * SKUS)}`, quantity: 1 + Math.floor(next() * 3) }, { sku: `SKU-${Math.floor(next() * SKUS)}`, quantity: 1 }],
    attempts: Math.floor(next() * 4),
  };
}

/** Generates `count` events (the EventBridge envelope): a fifth are DynamoDB stream records from a pipe. */
export function generateEvents(count, seed = 2) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const events = [];
  for (let i = 0; i < count; i++) {
    const database = next() < 0.2;
    const region = pick(['eu-west-1', 'us-east-1', 'ap-south-1']);
    const record = database ? streamRecord(next, pick) : undefined;
    events.push({
      version: '0',
      id: `e-${i}`,
      'detail-type': database ? record.eventName : pick(DETAIL_TYPES),
      source: database ? DATABASE : next() < 0.85 ? pick(SERVICES) : `com.other.service-${Math.floor(next() * 50)}`,
      account: next() < 0.9 ? '111122223333' : '444455556666',
      time: '2026-11-22T18:00:00Z',
      region,
      resources: [`arn:aws:dynamodb:${region}:111122223333:table/${pick(TABLES)}`],
      detail: database ? record : businessDetail(next, pick),
    });
  }
  return events;
}
