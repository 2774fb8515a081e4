/** The HTTP API: each handler touches the users table only; the CRM and the welcome email follow from its stream. */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { HttpEvent, HttpResult } from './lambda-types.js';
import { parseSignup, type User } from './user.js';

// Created once per execution environment; Eddy (like Lambda) supplies endpoint, region and credentials.
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TableName = process.env.USERS_TABLE;

const json = (statusCode: number, body: unknown): HttpResult => ({ statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** POST /users → 201 with the new user, or 400 listing every problem. */
export async function createUser(event: HttpEvent): Promise<HttpResult> {
  let body: unknown;
  try {
    body = JSON.parse(event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString() : event.body ?? '');
  } catch {
    return json(400, { message: 'The request body must be JSON' });
  }
  const input = parseSignup(body);
  if ('problems' in input) return json(400, { message: input.problems.join('; ') });
  const user: User = { id: randomUUID(), ...input, createdAt: new Date().toISOString() };
  await db.send(new PutCommand({ TableName, Item: user, ConditionExpression: 'attribute_not_exists(id)' }));
  return json(201, user);
}

/** GET /users/{id} → 200, or 404. */
export async function getUser(event: HttpEvent): Promise<HttpResult> {
  const id = event.pathParameters?.['id'] ?? '';
  const { Item } = await db.send(new GetCommand({ TableName, Key: { id } }));
  return Item === undefined ? json(404, { message: `User ${id} not found` }) : json(200, Item);
}
