/** Stream consumer: each user copied to the CRM's contacts table, enriched; a deleted user's contact is kept, marked deleted. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { inOrder, type BatchResponse, type StreamEvent, type StreamRecord } from './lambda-types.js';
import { userFromImage, type User } from './user.js';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TableName = process.env.CRM_TABLE;

const FREE_MAIL = new Set(['gmail.com', 'outlook.com', 'hotmail.com', 'yahoo.com', 'icloud.com', 'proton.me']);

/** Derived from the user alone, so a redelivered record writes the same contact. */
export function contactOf(user: User, deleted: boolean): Record<string, unknown> {
  const emailDomain = user.email.slice(user.email.lastIndexOf('@') + 1);
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    ...(user.company !== undefined ? { company: user.company } : {}),
    emailDomain,
    accountType: FREE_MAIL.has(emailDomain) ? 'personal' : 'business',
    signupDate: user.createdAt.slice(0, 10),
    deleted,
  };
}

async function sync(record: StreamRecord): Promise<void> {
  const image = record.eventName === 'REMOVE' ? record.dynamodb.OldImage : record.dynamodb.NewImage;
  if (!image) throw new Error(`a ${record.eventName} record without its image: the stream must carry NEW_AND_OLD_IMAGES`);
  await db.send(new PutCommand({ TableName, Item: contactOf(userFromImage(image), record.eventName === 'REMOVE') }));
}

export const handler = (event: StreamEvent): Promise<BatchResponse> => inOrder(event, sync);
