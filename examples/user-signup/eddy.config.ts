import { join } from 'node:path';
import { defineConfig } from 'eddy';

/**
 * User sign-up: an HTTP API that only writes the `users` table, and three independent consumers of its
 * stream — a full-text search index, a CRM sync and a welcome email. See README.md.
 */

// The search index file and the captured emails live here (the test points it at a temporary directory).
const dataDir = process.env.USER_SIGNUP_DATA ?? join(process.cwd(), '.eddy', 'user-signup');
const searchIndex = { SEARCH_INDEX_FILE: join(dataDir, 'search-index.sqlite') };

export default defineConfig({
  tables: {
    users: { partitionKey: { name: 'id', type: 'S' }, stream: 'NEW_AND_OLD_IMAGES' },
    'crm-contacts': { partitionKey: { name: 'userId', type: 'S' } },
  },
  functions: {
    // The HTTP API: each function writes (or reads) the users table, nothing else.
    createUser: { handler: 'src/users-api.ts#createUser', environment: { USERS_TABLE: 'users' }, events: [{ http: 'POST /users' }] },
    getUser: { handler: 'src/users-api.ts#getUser', environment: { USERS_TABLE: 'users' }, events: [{ http: 'GET /users/{id}' }] },
    updateUser: { handler: 'src/users-api.ts#updateUser', environment: { USERS_TABLE: 'users' }, events: [{ http: 'PATCH /users/{id}' }] },
    deleteUser: { handler: 'src/users-api.ts#deleteUser', environment: { USERS_TABLE: 'users' }, events: [{ http: 'DELETE /users/{id}' }] },
    // A literal segment wins over {id}, as API Gateway picks routes.
    searchUsers: { handler: 'src/search-users.ts#searchUsers', environment: searchIndex, events: [{ http: 'GET /users/search' }] },

    // Three event source mappings on the same stream: each has its own position and retries, so one
    // that fails holds back only itself.
    indexUsers: {
      handler: 'src/search-indexer.ts#handler',
      timeout: 10,
      environment: searchIndex,
      events: [{ stream: { table: 'users', batchSize: 100, startingPosition: 'TRIM_HORIZON' } }],
    },
    syncCrm: {
      handler: 'src/crm-sync.ts#handler',
      timeout: 10,
      environment: { CRM_TABLE: 'crm-contacts' },
      events: [{ stream: { table: 'users', batchSize: 25, functionResponseTypes: ['ReportBatchItemFailures'] } }],
    },
    sendWelcomeEmail: {
      handler: 'src/welcome-email.ts#handler',
      timeout: 30,
      environment: {
        SMTP_HOST: process.env.SMTP_HOST ?? '127.0.0.1',
        SMTP_PORT: process.env.SMTP_PORT ?? '2525',
        MAIL_FROM: 'welcome@signup.example.com',
      },
      events: [{
        stream: {
          table: 'users',
          batchSize: 10,
          // Only sign-ups: MODIFY and REMOVE records are skipped (and checkpointed) without an invocation.
          filterPatterns: [{ eventName: ['INSERT'] }],
          // Retried until the mail server is back (the default, -1: until the record leaves the stream).
          maximumRetryAttempts: -1,
          functionResponseTypes: ['ReportBatchItemFailures'],
        },
      }],
    },
  },
});
