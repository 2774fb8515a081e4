import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { requiredEnv } from './environment.js';
import { runBuild, type Push } from './job.js';
import { stringAttribute, type DynamoDBStreamEvent } from './lambda-types.js';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));

/**
 * The jobs stream trigger, filtered to records whose new image is `pending`. A job shows up here once per
 * delivery that changed it (and again on any redelivery of the batch), so the handler claims it first:
 * a conditional update pending → active that only one caller can win. The winner runs the build, records
 * the run, and sets the outcome — which goes on through the stream to the notifier.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<void> => {
  for (const record of event.Records) {
    const image = record.dynamodb.NewImage;
    const jobId = stringAttribute(image, 'jobId');
    if (jobId === undefined || stringAttribute(image, 'status') !== 'pending') continue;
    const push: Push = { repo: stringAttribute(image, 'repo') ?? '', sha: stringAttribute(image, 'sha') ?? '', message: stringAttribute(image, 'message') ?? '' };
    const runId = randomUUID();
    const startedAt = new Date().toISOString();
    if (!(await claim(jobId, runId, startedAt))) {
      console.log(`${jobId} is already taken`);
      continue;
    }
    const outcome = runBuild(push);
    const finishedAt = new Date().toISOString();
    await doc.send(
      new PutCommand({
        TableName: requiredEnv('RUNS_TABLE'),
        Item: { jobId, runId, startedAt, finishedAt, status: outcome.status, summary: outcome.summary },
      }),
    );
    await doc.send(
      new UpdateCommand({
        TableName: requiredEnv('JOBS_TABLE'),
        Key: { jobId },
        UpdateExpression: 'SET #status = :outcome, finishedAt = :finishedAt, summary = :summary',
        // Only the run that claimed the job may finish it.
        ConditionExpression: '#status = :active AND runId = :runId',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':outcome': outcome.status, ':finishedAt': finishedAt, ':summary': outcome.summary, ':active': 'active', ':runId': runId },
      }),
    );
    console.log(`${jobId} ${outcome.status}: ${outcome.summary}`);
  }
};

/** pending → active, for one caller only; false when the job is no longer pending (someone else has it). */
async function claim(jobId: string, runId: string, startedAt: string): Promise<boolean> {
  try {
    await doc.send(
      new UpdateCommand({
        TableName: requiredEnv('JOBS_TABLE'),
        Key: { jobId },
        UpdateExpression: 'SET #status = :active, runId = :runId, startedAt = :startedAt',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':active': 'active', ':pending': 'pending', ':runId': runId, ':startedAt': startedAt },
      }),
    );
    return true;
  } catch (error) {
    if ((error as { name?: unknown }).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
