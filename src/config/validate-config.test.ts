import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineConfig } from './config-types.js';
import { validateConfig } from './validate-config.js';
import { CONFIG_FILE, configProblems } from './fixtures/config-problems.js';

const FILE = CONFIG_FILE;

const problems = configProblems;

const users = { partitionKey: { name: 'userId', type: 'S' } };
const fn = (events: unknown[], extra: Record<string, unknown> = {}) => ({ functions: { f: { handler: 'src/f.ts', events, ...extra } } });

describe('validateConfig: normalizing', () => {
  it('fills defaults, splits the handler and expands the http shorthand', () => {
    const config = validateConfig(
      {
        tables: { Users: { ...users, globalIndexes: { byEmail: { partitionKey: { name: 'email', type: 'S' } } } } },
        queues: { jobs: {}, 'orders.fifo': { fifo: true } },
        functions: {
          indexUsers: {
            handler: 'src/index-users.ts',
            events: [{ stream: { table: 'Users' } }, { queue: { name: 'jobs' } }, { http: 'POST /users/{id}' }],
          },
          other: { handler: './lib/other.mjs#main', timeout: 10, memorySize: 256, reservedConcurrency: 0, environment: { INDEX: 'users' } },
        },
      },
      FILE,
    );
    assert.equal(config.file, FILE);
    assert.equal(config.baseDir, '/app');
    assert.deepEqual(config.tables, {
      Users: {
        partitionKey: { name: 'userId', type: 'S' },
        globalIndexes: { byEmail: { partitionKey: { name: 'email', type: 'S' }, projection: { type: 'ALL' } } },
        localIndexes: {},
        stream: false,
      },
    });
    assert.deepEqual(config.queues['jobs'], {
      fifo: false, visibilityTimeout: 30, delaySeconds: 0, maximumMessageSize: 1_048_576,
      messageRetentionPeriod: 345_600, receiveMessageWaitTimeSeconds: 0,
    });
    assert.deepEqual(config.queues['orders.fifo'], {
      fifo: true, visibilityTimeout: 30, delaySeconds: 0, maximumMessageSize: 1_048_576,
      messageRetentionPeriod: 345_600, receiveMessageWaitTimeSeconds: 0,
      contentBasedDeduplication: false, deduplicationScope: 'queue', fifoThroughputLimit: 'perQueue',
    });
    assert.deepEqual(config.functions['indexUsers'], {
      handler: 'src/index-users.ts#handler',
      codeDir: '/app',
      timeout: 3,
      memorySize: 128,
      environment: {},
      events: [
        {
          stream: {
            table: 'Users', batchSize: 100, maximumBatchingWindow: 0, startingPosition: 'TRIM_HORIZON', filterPatterns: [],
            maximumRetryAttempts: -1, maximumRecordAge: -1, bisectBatchOnFunctionError: false, parallelizationFactor: 1,
            tumblingWindow: 0, functionResponseTypes: [], enabled: true,
          },
        },
        { queue: { name: 'jobs', batchSize: 10, maximumBatchingWindow: 0, filterPatterns: [], functionResponseTypes: [], enabled: true } },
        { http: { method: 'POST', path: '/users/{id}' } },
      ],
    });
    assert.deepEqual(config.functions['other'], {
      handler: './lib/other.mjs#main',
      codeDir: '/app',
      timeout: 10,
      memorySize: 256,
      reservedConcurrency: 0,
      environment: { INDEX: 'users' },
      events: [],
    });
  });

  it('keeps every field of the documented example (which type-checks with defineConfig)', () => {
    const config = validateConfig(
      defineConfig({
        tables: {
          Users: {
            partitionKey: { name: 'userId', type: 'S' },
            sortKey: { name: 'sk', type: 'S' },
            globalIndexes: { byEmail: { partitionKey: { name: 'email', type: 'S' }, projection: 'ALL' } },
            localIndexes: { byDate: { sortKey: { name: 'date', type: 'N' }, projection: { include: ['title'] } } },
            stream: 'NEW_AND_OLD_IMAGES',
            ttlAttribute: 'expiresAt',
          },
        },
        queues: {
          'index-failures': { visibilityTimeout: 30 },
          'failures.fifo': { fifo: true },
          'orders.fifo': { fifo: true, contentBasedDeduplication: true, deadLetter: { queue: 'failures.fifo', maxReceiveCount: 5 } },
        },
        functions: {
          indexUsers: {
            handler: 'src/index-users.ts#handler',
            timeout: 10, memorySize: 256, reservedConcurrency: 4, environment: { INDEX: 'users' },
            events: [
              {
                stream: {
                  table: 'Users', batchSize: 100, maximumBatchingWindow: 0, startingPosition: 'LATEST',
                  filterPatterns: [{ eventName: ['INSERT', 'MODIFY'] }], maximumRetryAttempts: 3, maximumRecordAge: 3600,
                  bisectBatchOnFunctionError: true, parallelizationFactor: 1, tumblingWindow: 0,
                  functionResponseTypes: ['ReportBatchItemFailures'], onFailure: { queue: 'index-failures' }, enabled: true,
                },
              },
              { queue: { name: 'orders.fifo', batchSize: 10, functionResponseTypes: ['ReportBatchItemFailures'] } },
              { http: { method: 'POST', path: '/users' } },
              { http: 'GET /users/{id}' },
            ],
          },
        },
      }),
      FILE,
    );
    assert.deepEqual(config.tables['Users']!.localIndexes, {
      byDate: {
        partitionKey: { name: 'userId', type: 'S' },
        sortKey: { name: 'date', type: 'N' },
        projection: { type: 'INCLUDE', nonKeyAttributes: ['title'] },
      },
    });
    assert.equal(config.tables['Users']!.ttlAttribute, 'expiresAt');
    assert.deepEqual(config.queues['orders.fifo']!.deadLetter, { queue: 'failures.fifo', maxReceiveCount: 5 });
    const [stream, queue, http, shorthand] = config.functions['indexUsers']!.events;
    assert.deepEqual(stream, {
      stream: {
        table: 'Users', batchSize: 100, maximumBatchingWindow: 0, startingPosition: 'LATEST',
        filterPatterns: [{ eventName: ['INSERT', 'MODIFY'] }], maximumRetryAttempts: 3, maximumRecordAge: 3600,
        bisectBatchOnFunctionError: true, parallelizationFactor: 1, tumblingWindow: 0,
        functionResponseTypes: ['ReportBatchItemFailures'], onFailure: { queue: 'index-failures' }, enabled: true,
      },
    });
    assert.deepEqual(queue, {
      queue: { name: 'orders.fifo', batchSize: 10, maximumBatchingWindow: 0, filterPatterns: [], functionResponseTypes: ['ReportBatchItemFailures'], enabled: true },
    });
    assert.deepEqual(http, { http: { method: 'POST', path: '/users' } });
    assert.deepEqual(shorthand, { http: { method: 'GET', path: '/users/{id}' } });
  });

  it('accepts an empty config', () => {
    assert.deepEqual(validateConfig({}, FILE), {
      file: FILE, baseDir: '/app', tables: {}, queues: {}, functions: {}, buses: {}, rules: {}, archives: {}, connections: {},
    });
  });
});

describe('validateConfig: problems', () => {
  it('refuses a config that is not an object', () => {
    assert.deepEqual(problems([]), ['(top level): expected an object, got an array']);
    assert.deepEqual(problems(null), ['(top level): expected an object, got null']);
  });

  it('refuses unknown fields, suggesting near names', () => {
    assert.deepEqual(problems({ table: {}, tables: { Users: { ...users, sortkey: { name: 'a', type: 'S' }, billing: 1 } } }), [
      'table: unknown field (did you mean tables?)',
      'tables.Users.sortkey: unknown field (did you mean sortKey?)',
      'tables.Users.billing: unknown field (expected one of partitionKey, sortKey, globalIndexes, localIndexes, stream, ttlAttribute)',
    ]);
  });

  it('reports every problem of a stream event at once, with indexed paths', () => {
    const events = [
      { http: 'GET /ok' },
      {
        stream: {
          table: 'Users', batchSize: 0, maximumBatchingWindow: 301, startingPosition: 'AT_TIMESTAMP', maximumRetryAttempts: -2,
          maximumRecordAge: 59, bisectBatchOnFunctionError: 'yes', parallelizationFactor: 11, tumblingWindow: 901,
          functionResponseTypes: ['Other'], onFailure: { queue: 'bad name' }, enabled: 1,
        },
      },
    ];
    assert.deepEqual(problems(fn(events)), [
      'functions.f.events[1].stream.batchSize: expected an integer from 1 to 10000, got 0',
      'functions.f.events[1].stream.maximumBatchingWindow: expected an integer from 0 to 300, got 301',
      'functions.f.events[1].stream.startingPosition: expected one of "TRIM_HORIZON", "LATEST", got "AT_TIMESTAMP"',
      'functions.f.events[1].stream.maximumRetryAttempts: expected an integer from -1 to 10000, got -2',
      'functions.f.events[1].stream.maximumRecordAge: expected -1 or an integer from 60 to 604800, got 59',
      'functions.f.events[1].stream.bisectBatchOnFunctionError: expected true or false, got "yes"',
      'functions.f.events[1].stream.parallelizationFactor: expected an integer from 1 to 10, got 11',
      'functions.f.events[1].stream.tumblingWindow: expected an integer from 0 to 900, got 901',
      'functions.f.events[1].stream.functionResponseTypes: expected [] or ["ReportBatchItemFailures"], got an array',
      'functions.f.events[1].stream.onFailure.queue: expected a queue name (1 to 80 characters: letters, digits, _ -, ending in .fifo for a FIFO queue), got "bad name"',
      'functions.f.events[1].stream.enabled: expected true or false, got 1',
    ]);
  });

  it('checks the bounds of stream fields exactly', () => {
    const at = (field: string, value: unknown) => fn([{ stream: { table: 'Users', [field]: value } }]);
    for (const [field, value] of [
      ['batchSize', 10_000], ['batchSize', 1], ['maximumBatchingWindow', 300], ['maximumRetryAttempts', -1],
      ['maximumRetryAttempts', 10_000], ['maximumRecordAge', -1], ['maximumRecordAge', 60], ['maximumRecordAge', 604_800],
      ['parallelizationFactor', 10], ['tumblingWindow', 900],
    ] as const) {
      assert.doesNotThrow(() => validateConfig(at(field, value), FILE), `${field} ${value}`);
    }
    assert.deepEqual(problems(at('batchSize', 10_001)), ['functions.f.events[0].stream.batchSize: expected an integer from 1 to 10000, got 10001']);
    assert.deepEqual(problems(at('batchSize', 1.5)), ['functions.f.events[0].stream.batchSize: expected an integer from 1 to 10000, got 1.5']);
    assert.deepEqual(problems(at('maximumRecordAge', 0)), ['functions.f.events[0].stream.maximumRecordAge: expected -1 or an integer from 60 to 604800, got 0']);
    assert.deepEqual(problems(at('maximumRecordAge', 604_801)), ['functions.f.events[0].stream.maximumRecordAge: expected -1 or an integer from 60 to 604800, got 604801']);
    assert.deepEqual(problems(at('filterPatterns', [{}, {}, {}, {}, {}, {}])), ['functions.f.events[0].stream.filterPatterns: expected a list of at most 5 event patterns, got an array']);
    assert.deepEqual(problems(at('filterPatterns', ['x'])), ['functions.f.events[0].stream.filterPatterns[0]: expected an object, got "x"']);
    assert.deepEqual(problems(fn([{ stream: {} }])), ['functions.f.events[0].stream.table: required']);
  });

  it('checks queue events: FIFO batch limit, window for big batches', () => {
    assert.deepEqual(problems(fn([{ queue: { name: 'orders.fifo', batchSize: 11 } }])), [
      'functions.f.events[0].queue.batchSize: expected an integer from 1 to 10, got 11',
    ]);
    assert.deepEqual(problems(fn([{ queue: { name: 'jobs', batchSize: 11 } }])), [
      'functions.f.events[0].queue.maximumBatchingWindow: expected at least 1 when batchSize is over 10, got nothing (0)',
    ]);
    assert.deepEqual(problems(fn([{ queue: { name: 'jobs', batchSize: 10_001, maximumBatchingWindow: 1, maximumConcurrency: 1 } }])), [
      'functions.f.events[0].queue.batchSize: expected an integer from 1 to 10000, got 10001',
      'functions.f.events[0].queue.maximumConcurrency: expected an integer from 2 to 1000, got 1',
    ]);
    const ok = validateConfig(fn([{ queue: { name: 'jobs', batchSize: 10_000, maximumBatchingWindow: 1 } }]), FILE);
    assert.equal((ok.functions['f']!.events[0] as { queue: { batchSize: number } }).queue.batchSize, 10_000);
  });

  it('checks event entries and http routes', () => {
    assert.deepEqual(problems(fn([{}, { stream: { table: 'Users' }, http: 'GET /' }, { strem: {} }, 'GET /'])), [
      'functions.f.events[0]: expected exactly one of stream, queue, http, eventBridge, schedule, sns, got none',
      'functions.f.events[1]: expected exactly one of stream, queue, http, eventBridge, schedule, sns, got stream, http',
      'functions.f.events[2].strem: unknown field (did you mean stream?)',
      'functions.f.events[3]: expected an object, got "GET /"',
    ]);
    assert.deepEqual(problems(fn([{ http: 'GET' }, { http: 'FETCH /x' }, { http: { method: 'GET', path: 'users' } }, { http: 'GET /{proxy+}/x' }, { http: { path: '/x' } }])), [
      'functions.f.events[0].http: expected "METHOD /path" (e.g. "POST /users") or { method, path }, got "GET"',
      'functions.f.events[1].http: expected one of "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY", got "FETCH"',
      'functions.f.events[2].http.path: expected a path starting with / (segments: text, {param}, or a final {proxy+}), got "users"',
      'functions.f.events[3].http: expected a path starting with / (segments: text, {param}, or a final {proxy+}), got "/{proxy+}/x"',
      'functions.f.events[4].http.method: required',
    ]);
    assert.deepEqual(
      problems({ functions: { a: { handler: 'a.ts', events: [{ http: 'GET /x' }] }, b: { handler: 'b.ts', events: [{ http: { method: 'GET', path: '/x' } }] } } }),
      ['functions.b.events[0].http: GET /x is already routed by functions.a.events[0]'],
    );
  });

  it('checks functions: name, handler, limits, environment', () => {
    assert.deepEqual(
      problems({
        functions: {
          'bad name': { handler: 'index.handler' },
          f: { handler: 'src/f.ts#1x', timeout: 0, memorySize: 10_241, reservedConcurrency: -1, environment: { A: 'x', GOOD: 1, 'BAD-NAME': 'x' }, events: {} },
          g: {},
        },
      }),
      [
        'functions["bad name"]: expected a function name (1 to 64 characters: letters, digits, _ -), got "bad name"',
        'functions["bad name"].handler: expected "path/to/module.ts#exportName" (a .ts, .mts, .cts, .js, .mjs or .cjs file; #exportName defaults to #handler) or "module.function" naming a Python module in /app, got "index.handler" (no /app/index.py; or write the runtime)',
        'functions.f.handler: expected "path/to/module.ts#exportName" (a .ts, .mts, .cts, .js, .mjs or .cjs file; #exportName defaults to #handler) or "module.function" naming a Python module, got "src/f.ts#1x"',
        'functions.f.timeout: expected an integer from 1 to 900, got 0',
        'functions.f.memorySize: expected an integer from 128 to 10240, got 10241',
        'functions.f.reservedConcurrency: expected an integer from 0 to 1000, got -1',
        'functions.f.environment.A: expected a variable name (a letter, then letters, digits or _; 2 characters at least), got "A"',
        'functions.f.environment.GOOD: expected a string, got 1',
        'functions.f.environment["BAD-NAME"]: expected a variable name (a letter, then letters, digits or _; 2 characters at least), got "BAD-NAME"',
        'functions.f.events: expected a list of events, got an object',
        'functions.g.handler: required',
      ],
    );
    assert.equal(validateConfig({ functions: { ['x'.repeat(64)]: { handler: 'a.js' } } }, FILE).functions['x'.repeat(64)]!.handler, 'a.js#handler');
    assert.deepEqual(problems({ functions: { ['x'.repeat(65)]: { handler: 'a.js' } } }), [
      `functions.${'x'.repeat(65)}: expected a function name (1 to 64 characters: letters, digits, _ -), got "${'x'.repeat(57)}..."`,
    ]);
    assert.deepEqual(problems({ functions: { f: { handler: 'a.js', environment: { BIG: 'x'.repeat(4094) } } } }), [
      'functions.f.environment: at most 4096 bytes of names and values, got 4097',
    ]);
  });

  it('checks tables: names, keys, indexes, stream, ttl', () => {
    assert.deepEqual(
      problems({
        tables: {
          ab: users,
          Users: {
            partitionKey: { name: 'userId', type: 'X' },
            sortKey: { name: '', type: 'S' },
            globalIndexes: { ix: { sortKey: { name: 'a', type: 'S' }, projection: 'SOME' } },
            stream: 'NEW',
            ttlAttribute: 5,
          },
          Orders: {
            partitionKey: { name: 'id', type: 'S' },
            globalIndexes: { byId: { partitionKey: { name: 'id', type: 'N' }, projection: { include: [] } } },
            localIndexes: { byDate: { sortKey: { name: 'date', type: 'S' } } },
          },
          Items: { sortKey: { name: 'sk' } },
        },
      }),
      [
        'tables.ab: expected a table name (3 to 255 characters: letters, digits, _ . -), got "ab"',
        'tables.Users.partitionKey.type: expected one of "S", "N", "B", got "X"',
        'tables.Users.sortKey.name: expected an attribute name (1 to 255 characters), got ""',
        'tables.Users.globalIndexes.ix: expected an index name (3 to 255 characters: letters, digits, _ . -), got "ix"',
        'tables.Users.globalIndexes.ix.partitionKey: required',
        'tables.Users.globalIndexes.ix.projection: expected "ALL", "KEYS_ONLY" or { include: [attribute names] }, got "SOME"',
        'tables.Users.stream: expected one of "KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES" or false, got "NEW"',
        'tables.Users.ttlAttribute: expected an attribute name (1 to 255 characters), got 5',
        'tables.Orders.globalIndexes.byId.partitionKey.type: attribute id is used elsewhere in this table with type S, got "N"',
        'tables.Orders.globalIndexes.byId.projection.include: expected a list of 1 to 100 attribute names, got an array',
        'tables.Orders.localIndexes: local indexes need a table with a sortKey',
        'tables.Items.partitionKey: required',
        'tables.Items.sortKey.type: required',
      ],
    );
  });

  it('checks local indexes against the table', () => {
    const table = {
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      globalIndexes: { same: { partitionKey: { name: 'g', type: 'S' } } },
      localIndexes: {
        same: { sortKey: { name: 'a', type: 'S' } },
        other: { partitionKey: { name: 'x', type: 'S' }, sortKey: { name: 'b', type: 'N' } },
        noSort: { projection: 'KEYS_ONLY' },
      },
    };
    assert.deepEqual(problems({ tables: { Things: table } }), [
      'tables.Things.localIndexes.same: an index of this name is already among globalIndexes',
      "tables.Things.localIndexes.other.partitionKey: a local index has the table's partition key (pk: S), got x: S",
      'tables.Things.localIndexes.noSort.sortKey: required',
    ]);
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`index${i}`, { partitionKey: { name: 'g', type: 'S' } }]));
    assert.deepEqual(problems({ tables: { Things: { partitionKey: { name: 'pk', type: 'S' }, globalIndexes: many } } }), [
      'tables.Things.globalIndexes: at most 20 global indexes per table, got 21',
    ]);
  });

  it('checks queues: names against fifo, ranges, FIFO-only settings, dead letters', () => {
    assert.deepEqual(
      problems({
        queues: {
          'a.fifo': {},
          plain: { fifo: true },
          'bad name': {},
          slow: { visibilityTimeout: 43_201, delaySeconds: -1, maximumMessageSize: 1023, messageRetentionPeriod: 59, receiveMessageWaitTimeSeconds: 21 },
          std: { contentBasedDeduplication: true, deadLetter: { queue: 'dlq.fifo', maxReceiveCount: 5 } },
          'f.fifo': { fifo: true, deduplicationScope: 'group', deadLetter: { queue: 'dlq', maxReceiveCount: 0 } },
          counted: { deadLetter: { queue: 'dlq', maxReceiveCount: 1001 } },
          nodlq: { deadLetter: {} },
        },
      }),
      [
        'queues["a.fifo"].fifo: a queue whose name ends in .fifo is a FIFO queue: expected true, got nothing',
        'queues.plain: expected a FIFO queue name (1 to 75 characters: letters, digits, _ -, then .fifo), got "plain"',
        'queues["bad name"]: expected a queue name (1 to 80 characters: letters, digits, _ -), got "bad name"',
        'queues.slow.visibilityTimeout: expected an integer from 0 to 43200, got 43201',
        'queues.slow.delaySeconds: expected an integer from 0 to 900, got -1',
        'queues.slow.maximumMessageSize: expected an integer from 1024 to 1048576, got 1023',
        'queues.slow.messageRetentionPeriod: expected an integer from 60 to 1209600, got 59',
        'queues.slow.receiveMessageWaitTimeSeconds: expected an integer from 0 to 20, got 21',
        'queues.std.contentBasedDeduplication: only FIFO queues (fifo: true) have this setting',
        `queues.std.deadLetter.queue: a standard queue's dead-letter queue is a standard queue too, got "dlq.fifo"`,
        'queues["f.fifo"].deduplicationScope: expected one of "messageGroup", "queue", got "group"',
        `queues["f.fifo"].deadLetter.queue: a FIFO queue's dead-letter queue is a FIFO queue too, got "dlq"`,
        'queues.counted.deadLetter.maxReceiveCount: expected an integer from 1 to 1000, got 1001',
        'queues.nodlq.deadLetter.queue: required',
        'queues.nodlq.deadLetter.maxReceiveCount: required',
      ],
    );
    assert.doesNotThrow(() => validateConfig({ queues: { [`${'q'.repeat(75)}.fifo`]: { fifo: true }, ['q'.repeat(80)]: {} } }, FILE));
    assert.deepEqual(problems({ queues: { [`${'q'.repeat(76)}.fifo`]: { fifo: true } } }), [
      `queues["${'q'.repeat(76)}.fifo"]: expected a FIFO queue name (1 to 75 characters: letters, digits, _ -, then .fifo), got "${'q'.repeat(57)}..."`,
    ]);
  });

  it('refuses dead-letter cycles', () => {
    assert.deepEqual(
      problems({ queues: { a: { deadLetter: { queue: 'b', maxReceiveCount: 1 } }, b: { deadLetter: { queue: 'a', maxReceiveCount: 1 } }, c: { deadLetter: { queue: 'c', maxReceiveCount: 1 } } } }),
      [
        'queues.a.deadLetter.queue: dead-letter queues form a cycle through this queue',
        'queues.b.deadLetter.queue: dead-letter queues form a cycle through this queue',
        'queues.c.deadLetter.queue: dead-letter queues form a cycle through this queue',
      ],
    );
  });
});
