import { defineConfig } from 'eddy';

const environment = { JOBS_TABLE: 'jobs', RUNS_TABLE: 'runs', NOTIFICATIONS_QUEUE: 'notifications.fifo' };

export default defineConfig({
  tables: {
    // One item per repository@commit; its status goes pending → active → passed | failed.
    jobs: { partitionKey: { name: 'jobId', type: 'S' }, stream: 'NEW_AND_OLD_IMAGES' },
    // One item per run of a job: exactly one per job when scheduling is right.
    runs: { partitionKey: { name: 'jobId', type: 'S' }, sortKey: { name: 'runId', type: 'S' } },
  },
  queues: {
    'notifications.fifo': { fifo: true },
  },
  functions: {
    receiveWebhook: { handler: 'src/receive-webhook.ts#handler', environment, events: [{ http: 'POST /webhooks' }] },
    scheduleJobs: {
      handler: 'src/schedule-jobs.ts#handler',
      timeout: 60,
      environment,
      events: [
        {
          stream: {
            table: 'jobs',
            startingPosition: 'TRIM_HORIZON',
            batchSize: 10,
            // The first delivery's INSERT and every later delivery's MODIFY while the job still waits.
            filterPatterns: [{ dynamodb: { NewImage: { status: { S: ['pending'] } } } }],
          },
        },
      ],
    },
    notifyStatus: {
      handler: 'src/notify-status.ts#handler',
      environment,
      events: [
        {
          stream: {
            table: 'jobs',
            startingPosition: 'TRIM_HORIZON',
            batchSize: 10,
            filterPatterns: [
              {
                eventName: ['MODIFY'],
                dynamodb: { OldImage: { status: { S: ['active'] } }, NewImage: { status: { S: ['passed', 'failed'] } } },
              },
            ],
          },
        },
      ],
    },
  },
});
