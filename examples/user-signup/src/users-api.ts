/**
 * The HTTP API's write side and GET: each handler touches the `users` table only. Search, the CRM and
 * the welcome email follow from the table's stream, so a slow or broken consumer never fails a request.
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { HttpError, json, jsonBody, pathParameter, route } from './http-response.js';
import type { HttpResult } from './lambda-types.js';
import { parseChanges, parseNewUser, type User } from './user.js';

// Created once per execution environment; Eddy (like Lambda) supplies endpoint, region and credentials.
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TableName = process.env.USERS_TABLE;

const notFound = (id: string) => new HttpError(404, `User ${id} not found`);

/** POST /users → 201 with the new user. */
export const createUser = route(async (event) => {
  const input = parseNewUser(jsonBody(event));
  const now = new Date().toISOString();
  const user: User = { id: randomUUID(), ...input, createdAt: now, updatedAt: now };
  // A random id never collides; the condition only makes that explicit.
  await db.send(new PutCommand({ TableName, Item: user, ConditionExpression: 'attribute_not_exists(id)' }));
  return { ...json(201, user), headers: { 'content-type': 'application/json', location: `/users/${user.id}` } };
});

/** GET /users/{id} → 200, or 404. */
export const getUser = route(async (event) => {
  const id = pathParameter(event, 'id');
  const { Item } = await db.send(new GetCommand({ TableName, Key: { id } }));
  if (Item === undefined) throw notFound(id);
  return json(200, Item);
});

/** PATCH /users/{id} → 200 with the user as it is now, or 404 (the condition keeps PATCH from creating). */
export const updateUser = route(async (event) => {
  const id = pathParameter(event, 'id');
  const changes = parseChanges(jsonBody(event));
  const set = ['#updatedAt = :updatedAt'];
  const remove: string[] = [];
  const names: Record<string, string> = { '#id': 'id', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':updatedAt': new Date().toISOString() };
  for (const [field, value] of Object.entries(changes)) {
    names[`#${field}`] = field;
    if (value === null) remove.push(`#${field}`);
    else {
      set.push(`#${field} = :${field}`);
      values[`:${field}`] = value;
    }
  }
  try {
    const { Attributes } = await db.send(new UpdateCommand({
      TableName,
      Key: { id },
      UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
      ConditionExpression: 'attribute_exists(#id)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW',
    }));
    return json(200, Attributes);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw notFound(id);
    throw error;
  }
});

/** DELETE /users/{id} → 204, or 404. */
export const deleteUser = route(async (event): Promise<HttpResult> => {
  const id = pathParameter(event, 'id');
  try {
    await db.send(new DeleteCommand({ TableName, Key: { id }, ConditionExpression: 'attribute_exists(id)' }));
    return { statusCode: 204 };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw notFound(id);
    throw error;
  }
});
