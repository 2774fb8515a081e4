import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { requiredEnv } from './environment.js';
import { jobIdOf, type Push } from './job.js';
import type { HttpApiEvent, HttpApiResult } from './lambda-types.js';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));

/**
 * `POST /webhooks`: a GitHub push webhook. GitHub delivers at least once (and a person may press
 * "Redeliver"), so the handler only records the delivery on the job item — one UpdateItem, no read, no
 * "does it exist?" race: the first delivery creates the job as `pending`, later ones add their delivery id
 * and leave the status alone. Running the job is the scheduler's business, on the table's stream.
 */
export const handler = async (event: HttpApiEvent): Promise<HttpApiResult> => {
  const delivery = event.headers['x-github-delivery'];
  if (!delivery) return json(400, { message: 'missing X-GitHub-Delivery header' });
  const kind = event.headers['x-github-event'] ?? 'push';
  if (kind !== 'push') return json(200, { ignored: `${kind} event` });
  const push = parsePush(event);
  if (typeof push === 'string') return json(400, { message: push });
  if (/^0+$/.test(push.sha)) return json(200, { ignored: 'branch deleted' });

  const now = new Date().toISOString();
  const { Attributes } = await doc.send(
    new UpdateCommand({
      TableName: requiredEnv('JOBS_TABLE'),
      Key: { jobId: jobIdOf(push) },
      UpdateExpression:
        'SET #status = if_not_exists(#status, :pending), createdAt = if_not_exists(createdAt, :now), repo = :repo, sha = :sha, message = :message ADD deliveries :delivery',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pending': 'pending', ':now': now, ':repo': push.repo, ':sha': push.sha, ':message': push.message, ':delivery': new Set([delivery]) },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return json(202, { jobId: Attributes!.jobId, status: Attributes!.status, deliveries: (Attributes!.deliveries as Set<string>).size });
};

/** The push's repository, head commit and message, or what is wrong with the body. */
function parsePush(event: HttpApiEvent): Push | string {
  let body: { after?: unknown; repository?: { full_name?: unknown }; head_commit?: { message?: unknown } | null };
  try {
    body = JSON.parse(event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? ''));
  } catch {
    return 'the body must be a JSON push event';
  }
  const repo = body?.repository?.full_name;
  // The job id names the repository and goes into SQS message group ids: keep to GitHub's own characters.
  if (typeof repo !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(repo)) return 'repository.full_name must be "owner/name"';
  const sha = body.after;
  if (typeof sha !== 'string' || !/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(sha)) return 'after must be a commit SHA';
  const message = body.head_commit?.message;
  return { repo, sha, message: typeof message === 'string' ? message : '' };
}

function json(statusCode: number, body: unknown): HttpApiResult {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
