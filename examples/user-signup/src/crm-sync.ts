import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { inOrder } from './in-order.js';
import type { BatchResponse, StreamEvent, StreamRecord } from './lambda-types.js';
import { userFromImage, type User } from './user.js';

/** A row of the `crm-contacts` table: the user as the sales team's CRM wants it. */
export interface CrmContact {
  userId: string;
  email: string;
  emailDomain: string;
  displayName: string;
  firstName: string;
  lastName: string;
  company?: string;
  /** `personal` for a free mail provider's address, else `business`. */
  accountType: 'personal' | 'business';
  /** HubSpot-style: business addresses are `lead`s for sales, personal ones `subscriber`s. */
  lifecycleStage: 'lead' | 'subscriber';
  /** The day of sign-up (YYYY-MM-DD, UTC). */
  signupDate: string;
  /** The user's updatedAt this contact reflects. */
  sourceUpdatedAt: string;
  deleted: boolean;
  /** When the user was deleted (ISO 8601), on deleted contacts. */
  deletedAt?: string;
}

const FREE_MAIL = new Set(['gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'yahoo.com', 'icloud.com', 'proton.me', 'protonmail.com', 'gmx.net']);

/** The enrichment: everything here is derived from the user alone, so a redelivered record writes the same contact. */
export function contactOf(user: User): CrmContact {
  const emailDomain = user.email.slice(user.email.lastIndexOf('@') + 1);
  const [firstName = '', ...rest] = user.name.split(' ');
  const accountType = FREE_MAIL.has(emailDomain) ? 'personal' : 'business';
  return {
    userId: user.id,
    email: user.email,
    emailDomain,
    displayName: user.company === undefined ? user.name : `${user.name} (${user.company})`,
    firstName,
    lastName: rest.join(' '),
    ...(user.company !== undefined && { company: user.company }),
    accountType,
    lifecycleStage: accountType === 'business' ? 'lead' : 'subscriber',
    signupDate: user.createdAt.slice(0, 10),
    sourceUpdatedAt: user.updatedAt,
    deleted: false,
  };
}

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TableName = process.env.CRM_TABLE;

/**
 * Stream consumer: INSERT and MODIFY put the enriched contact (the whole item, so it is idempotent and
 * the last record of a user wins); REMOVE keeps the contact but marks it deleted — a CRM keeps the
 * history of who signed up, and the sales team sees the account is gone.
 */
export const handler = (event: StreamEvent): Promise<BatchResponse> => inOrder(event.Records, sync, 'CRM sync');

async function sync(record: StreamRecord): Promise<void> {
  if (record.eventName !== 'REMOVE') {
    await db.send(new PutCommand({ TableName, Item: contactOf(userFromImage(record.dynamodb.NewImage!)) }));
    return;
  }
  // The old image (the stream has NEW_AND_OLD_IMAGES) rebuilds the whole contact: no read, and a
  // redelivered REMOVE writes the same item again.
  const at = record.dynamodb.ApproximateCreationDateTime;
  const deletedAt = new Date(at === undefined ? Date.now() : at * 1000).toISOString();
  const contact: CrmContact = { ...contactOf(userFromImage(record.dynamodb.OldImage!)), deleted: true, deletedAt };
  await db.send(new PutCommand({ TableName, Item: contact }));
}
