import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { earnedBadges, type EarnedBadge } from './badge-rules.js';
import { requiredEnv } from './environment.js';
import { stringAttribute, type DynamoDBStreamEvent } from './lambda-types.js';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));

/**
 * The `plays` stream trigger (INSERT records only, by its filter). For each player in the batch it reads
 * the player's whole history and awards what that history earns. Every award is a conditional Put, so a
 * batch delivered twice — a retry, a second mapping, a replay from TRIM_HORIZON — writes nothing new and
 * never moves an `awardedAt`. A failed read or write fails the batch, and the retry is just as safe.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<void> => {
  const players = new Set<string>();
  for (const record of event.Records) {
    const playerId = stringAttribute(record.dynamodb.NewImage ?? record.dynamodb.Keys, 'playerId');
    if (playerId !== undefined) players.add(playerId);
  }
  for (const playerId of players) {
    const badges = earnedBadges(await playHistory(playerId));
    for (const badge of badges) await award(playerId, badge);
  }
};

/** Every `playedAt` of the player, page by page: one Query answers at most 1 MB (or `Limit` items). */
async function playHistory(playerId: string): Promise<string[]> {
  const pageSize = Number(process.env.PLAYS_PAGE_SIZE ?? '0');
  const plays: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName: requiredEnv('PLAYS_TABLE'),
        KeyConditionExpression: 'playerId = :player',
        ExpressionAttributeValues: { ':player': playerId },
        ProjectionExpression: 'playedAt',
        ExclusiveStartKey: startKey,
        ...(pageSize > 0 && { Limit: pageSize }),
      }),
    );
    for (const item of page.Items ?? []) plays.push(item.playedAt as string);
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return plays;
}

/** Writes the achievement unless the player already has it; the first award stays as it was. */
async function award(playerId: string, earned: EarnedBadge): Promise<void> {
  try {
    await doc.send(
      new PutCommand({
        TableName: requiredEnv('ACHIEVEMENTS_TABLE'),
        Item: { playerId, badge: earned.badge, title: earned.title, earnedBy: earned.earnedBy, awardedAt: new Date().toISOString() },
        ConditionExpression: 'attribute_not_exists(badge)',
      }),
    );
    console.log(`awarded ${earned.badge} to ${playerId} (earned by the play at ${earned.earnedBy})`);
  } catch (error) {
    // Already awarded: by an earlier batch, or by this very batch delivered before.
    if ((error as { name?: unknown }).name !== 'ConditionalCheckFailedException') throw error;
  }
}
