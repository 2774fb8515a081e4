import { HttpError } from './http-response.js';
import type { Image } from './lambda-types.js';

/** A row of the `users` table, as the API returns it. */
export interface User {
  id: string;
  email: string;
  name: string;
  company?: string;
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
}

export interface NewUser {
  email: string;
  name: string;
  company?: string;
}

/** What PATCH may change; `company: null` removes it. */
export interface UserChanges {
  email?: string;
  name?: string;
  company?: string | null;
}

const FIELDS = ['email', 'name', 'company'];
/**
 * Deliberately plain: ASCII addresses with a dotted domain. Enough for a sign-up form, and it keeps the
 * SMTP conversation of the welcome email free of SMTPUTF8.
 */
const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
/** Control characters (CR and LF above all) would let a name inject headers into the welcome email. */
const CONTROL = /\p{Cc}/u;

const problems = {
  email: 'email must be an email address such as ada@example.com',
  name: 'name must be a string of 1 to 100 characters, without control characters',
  company: 'company must be a string of 1 to 100 characters, without control characters',
};

/** Validates a POST /users body; every problem is listed in one 400. */
export function parseNewUser(body: Record<string, unknown>): NewUser {
  const errors = unknownFields(body);
  const email = emailOf(body['email']);
  const name = textOf(body['name']);
  const company = body['company'] === undefined ? undefined : textOf(body['company']);
  if (email === undefined) errors.push(problems.email);
  if (name === undefined) errors.push(problems.name);
  if (body['company'] !== undefined && company === undefined) errors.push(problems.company);
  if (errors.length > 0) throw new HttpError(400, errors.join('; '));
  return { email: email!, name: name!, ...(company !== undefined && { company }) };
}

/** Validates a PATCH /users/{id} body. */
export function parseChanges(body: Record<string, unknown>): UserChanges {
  const errors = unknownFields(body);
  const changes: UserChanges = {};
  if (body['email'] !== undefined) {
    changes.email = emailOf(body['email']);
    if (changes.email === undefined) errors.push(problems.email);
  }
  if (body['name'] !== undefined) {
    changes.name = textOf(body['name']);
    if (changes.name === undefined) errors.push(problems.name);
  }
  if (body['company'] !== undefined) {
    changes.company = body['company'] === null ? null : textOf(body['company']);
    if (changes.company === undefined) errors.push(`${problems.company} (or null to remove it)`);
  }
  if (errors.length === 0 && Object.keys(changes).length === 0) errors.push('Nothing to change: send at least one of email, name, company');
  if (errors.length > 0) throw new HttpError(400, errors.join('; '));
  return changes;
}

function unknownFields(body: Record<string, unknown>): string[] {
  return Object.keys(body).filter((key) => !FIELDS.includes(key)).map((key) => `Unknown field ${JSON.stringify(key)} (expected email, name, company)`);
}

function emailOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const email = value.trim().toLowerCase();
  return email.length <= 254 && EMAIL.test(email) ? email : undefined;
}

/** Trimmed, inner runs of white space made one space. */
function textOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || CONTROL.test(value)) return undefined;
  const text = value.trim().replace(/\s+/g, ' ');
  return text.length >= 1 && text.length <= 100 ? text : undefined;
}

/** A user from a stream image (or a GetItem Item in the low-level shape). */
export function userFromImage(image: Image): User {
  const text = (name: string) => image[name]?.S;
  return {
    id: text('id')!,
    email: text('email')!,
    name: text('name')!,
    ...(text('company') !== undefined && { company: text('company')! }),
    createdAt: text('createdAt')!,
    updatedAt: text('updatedAt')!,
  };
}
