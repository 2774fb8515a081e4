import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { requiredEnv } from './environment.js';
import { bodyText, json, type HttpApiEvent, type HttpApiResult } from './lambda-types.js';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));

/**
 * `POST /players/{playerId}/plays`, body `{"playedAt": "2024-03-05T21:00:00Z"}` (optional; default now).
 * The play's key is its ISO time plus a random suffix, so two plays in the same millisecond are two plays.
 */
export const recordPlay = async (event: HttpApiEvent): Promise<HttpApiResult> => {
  const playerId = event.pathParameters?.playerId ?? '';
  let input: { playedAt?: unknown };
  try {
    input = bodyText(event) === '' ? {} : (JSON.parse(bodyText(event)) as { playedAt?: unknown });
  } catch {
    return json(400, { message: 'the body must be JSON' });
  }
  const time = input.playedAt === undefined ? Date.now() : typeof input.playedAt === 'string' ? Date.parse(input.playedAt) : Number.NaN;
  if (Number.isNaN(time)) return json(400, { message: 'playedAt must be an ISO-8601 time' });
  const playedAt = `${new Date(time).toISOString()}#${randomBytes(4).toString('hex')}`;
  await doc.send(new PutCommand({ TableName: requiredEnv('PLAYS_TABLE'), Item: { playerId, playedAt } }));
  return json(201, { playerId, playedAt });
};

/** `GET /players/{playerId}/achievements`: the player's badges, by badge id. */
export const listAchievements = async (event: HttpApiEvent): Promise<HttpApiResult> => {
  const playerId = event.pathParameters?.playerId ?? '';
  const achievements: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName: requiredEnv('ACHIEVEMENTS_TABLE'),
        KeyConditionExpression: 'playerId = :player',
        ExpressionAttributeValues: { ':player': playerId },
        ExclusiveStartKey: startKey,
      }),
    );
    achievements.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return json(200, { playerId, achievements });
};
