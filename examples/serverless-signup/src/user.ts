import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Image } from './lambda-types.js';

/** An item of the users table. */
export interface User {
  id: string;
  email: string;
  name: string;
  company?: string;
  createdAt: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The sign-up form: every problem listed in one message, or the fields of the new user. */
export function parseSignup(body: unknown): Pick<User, 'email' | 'name' | 'company'> | { problems: string[] } {
  const input = (body ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof input['email'] !== 'string' || !EMAIL.test(input['email'])) problems.push('email must be an email address such as ada@example.com');
  if (typeof input['name'] !== 'string' || input['name'].trim() === '' || input['name'].length > 100) problems.push('name must be a string of 1 to 100 characters');
  if (input['company'] !== undefined && typeof input['company'] !== 'string') problems.push('company must be a string');
  if (problems.length > 0) return { problems };
  return {
    email: (input['email'] as string).toLowerCase(),
    name: (input['name'] as string).trim(),
    ...(typeof input['company'] === 'string' ? { company: input['company'] } : {}),
  };
}

/** A user from a stream record's image. */
export function userFromImage(image: Image): User {
  return unmarshall(image) as User;
}
