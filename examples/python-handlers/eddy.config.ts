import { join } from 'node:path';
import { defineConfig } from 'eddy';

/**
 * The seeds' stream consumers written in Python, run as they would run on Lambda: user sign-up's search
 * index and CRM copy, a badge awarder that reads each player's plays with boto3, and a forwarder that
 * puts every users change on an event bus, where rules route them on. See README.md.
 */

// The search index file lives here (the test points it at a temporary directory).
const dataDir = process.env.PYTHON_HANDLERS_DATA ?? join(process.cwd(), '.eddy', 'python-handlers');
const searchIndex = { SEARCH_INDEX_FILE: join(dataDir, 'search-index.sqlite') };
// Every handler is a module of handlers/; python3 on the PATH runs them (it needs boto3) unless
// PYTHON_HANDLERS_PYTHON names another interpreter (the test: Debian's /usr/bin/python3).
const python = {
  codeDir: 'handlers',
  ...(process.env.PYTHON_HANDLERS_PYTHON !== undefined && { pythonPath: process.env.PYTHON_HANDLERS_PYTHON }),
};

export default defineConfig({
  tables: {
    users: { partitionKey: { name: 'id', type: 'S' }, stream: 'NEW_AND_OLD_IMAGES' },
    // The CRM: contacts are found by email, so a contact without one is refused (DynamoDB's own rule for an index key).
    'crm-contacts': {
      partitionKey: { name: 'userId', type: 'S' },
      globalIndexes: { byEmail: { partitionKey: { name: 'email', type: 'S' }, projection: 'ALL' } },
    },
    plays: { partitionKey: { name: 'playerId', type: 'S' }, sortKey: { name: 'playedAt', type: 'S' }, stream: 'NEW_IMAGE' },
    achievements: { partitionKey: { name: 'playerId', type: 'S' }, sortKey: { name: 'badge', type: 'S' } },
  },
  queues: { 'user-changes': {}, 'removed-users': {} },
  buses: { app: {} },
  rules: {
    allUserChanges: {
      bus: 'app',
      pattern: { source: ['user-signup.users'] },
      targets: [{ queue: 'user-changes' }],
    },
    removedUsers: {
      bus: 'app',
      pattern: { source: ['user-signup.users'], 'detail-type': ['REMOVE'] },
      // The message is the removed user's key: {"id":{"S":"…"}}.
      targets: [{ queue: 'removed-users', inputPath: '$.detail.dynamodb.Keys' }],
    },
  },
  functions: {
    // As on Lambda: runtime, code directory, and module.function relative to it.
    indexUsers: {
      ...python,
      runtime: 'python3.12',
      handler: 'index_users.index_users',
      timeout: 10,
      environment: searchIndex,
      events: [{ stream: { table: 'users', batchSize: 100, startingPosition: 'TRIM_HORIZON' } }],
    },
    // The runtime left out: handlers/search_users.py makes it Python.
    searchUsers: { ...python, handler: 'search_users.search_users', environment: searchIndex, events: [{ http: 'GET /users/search' }] },
    syncCrm: {
      ...python,
      handler: 'crm_sync.sync_crm',
      timeout: 10,
      environment: { CRM_TABLE: 'crm-contacts' },
      events: [{ stream: { table: 'users', batchSize: 25, startingPosition: 'TRIM_HORIZON' } }],
    },
    awardBadges: {
      ...python,
      handler: 'award_badges.award_badges',
      timeout: 30,
      // Small Query pages, so the history reader's pagination loop runs.
      environment: { PLAYS_TABLE: 'plays', ACHIEVEMENTS_TABLE: 'achievements', PLAYS_PAGE_SIZE: '4' },
      events: [{ stream: { table: 'plays', batchSize: 100, startingPosition: 'TRIM_HORIZON', filterPatterns: [{ eventName: ['INSERT'] }] } }],
    },
    forwardUserChanges: {
      ...python,
      handler: 'forward_to_bus.forward',
      timeout: 30,
      environment: { EVENT_BUS: 'app', EVENT_SOURCE: 'user-signup.users' },
      events: [
        {
          stream: {
            table: 'users',
            batchSize: 100,
            startingPosition: 'TRIM_HORIZON',
            functionResponseTypes: ['ReportBatchItemFailures'],
          },
        },
      ],
    },
  },
});
