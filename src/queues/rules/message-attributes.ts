import { setOwn } from '../../shared/set-own.js';
import { sqsErrors } from './sqs-errors.js';
import { hasOnlyAllowedCharacters, INVALID_CHARACTERS_MESSAGE, isSqsNumber } from './message-text.js';

/** A message attribute as Eddy keeps it: the wire shape, with BinaryValue as base64 text. */
export interface MessageAttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

export const MAX_MESSAGE_ATTRIBUTES = 10;
const MAX_NAME_LENGTH = 256;
const MAX_TYPE_LENGTH = 256;
const NAME = /^[A-Za-z0-9_.-]+$/;
const RESERVED_PREFIX = /^(aws|amazon)\./i;
const TYPE = /^(String|Number|Binary)(\..+)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks SendMessage's `MessageAttributes` (or a batch entry's; `where` names the parameter in
 * messages, e.g. `MessageAttributes` or `SendMessageBatchRequestEntry.1.MessageAttributes`) and
 * returns them normalised. Messages quoting "(user) attribute" are SQS's where observed; the rest
 * follow the same pattern and are unconfirmed.
 */
export function checkMessageAttributes(input: unknown, where: string): Record<string, MessageAttributeValue> {
  if (input === undefined || input === null) return {};
  if (!isRecord(input)) throw sqsErrors.invalidParameterValue(`The value of ${where} must be a map of message attributes.`);
  const names = Object.keys(input);
  if (names.length > MAX_MESSAGE_ATTRIBUTES) {
    // Observed: "Number of message attributes [11] exceeds the allowed maximum [10]."
    throw sqsErrors.invalidParameterValue(
      `Number of message attributes [${names.length}] exceeds the allowed maximum [${MAX_MESSAGE_ATTRIBUTES}].`,
    );
  }
  const checked: Record<string, MessageAttributeValue> = {};
  for (const name of names) {
    checkAttributeName(name);
    setOwn(checked, name, checkAttributeValue(name, input[name], 'user'));
  }
  return checked;
}

/** The system attributes SendMessage accepts: only `AWSTraceHeader`, of type String. */
export function checkMessageSystemAttributes(input: unknown, where: string): Record<string, MessageAttributeValue> {
  if (input === undefined || input === null) return {};
  if (!isRecord(input)) throw sqsErrors.invalidParameterValue(`The value of ${where} must be a map of message attributes.`);
  const checked: Record<string, MessageAttributeValue> = {};
  for (const name of Object.keys(input)) {
    if (name !== 'AWSTraceHeader') {
      throw sqsErrors.invalidParameterValue(`Message system attribute name '${name}' is invalid.`); // unconfirmed
    }
    const value = checkAttributeValue(name, input[name], 'system');
    if (value.DataType !== 'String') {
      throw sqsErrors.invalidParameterValue(`Message system attribute '${name}' must be of type 'String'.`); // unconfirmed
    }
    checked[name] = value;
  }
  return checked;
}

function checkAttributeName(name: string): void {
  if (name.length === 0) throw sqsErrors.invalidParameterValue('The request must contain non-empty message attribute name.');
  if (name.length > MAX_NAME_LENGTH) {
    throw sqsErrors.invalidParameterValue(`Message (user) attribute name must be at most ${MAX_NAME_LENGTH} characters long.`);
  }
  if (RESERVED_PREFIX.test(name)) {
    throw sqsErrors.invalidParameterValue(`Message (user) attribute name '${name}' uses a reserved prefix (AWS. or Amazon.).`);
  }
  if (!NAME.test(name) || name.startsWith('.') || name.endsWith('.') || name.includes('..')) {
    throw sqsErrors.invalidParameterValue(
      `Message (user) attribute name '${name}' is invalid. It can contain only alphanumeric characters, hyphens (-), ` +
        'underscores (_) and periods (.), must not start or end with a period and must not contain consecutive periods.',
    );
  }
}

function checkAttributeValue(name: string, input: unknown, kind: 'user' | 'system'): MessageAttributeValue {
  if (!isRecord(input)) throw sqsErrors.invalidParameterValue(`The message attribute '${name}' must contain a message attribute value.`);
  const dataType = input['DataType'];
  if (typeof dataType !== 'string' || dataType.length === 0) {
    throw sqsErrors.invalidParameterValue(`The message attribute '${name}' must contain non-empty message attribute type.`);
  }
  const type = TYPE.exec(dataType)?.[1];
  if (type === undefined) {
    throw sqsErrors.invalidParameterValue(
      `The type of message (${kind}) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
    );
  }
  if (dataType.length > MAX_TYPE_LENGTH) {
    throw sqsErrors.invalidParameterValue(`Message (${kind}) attribute type must be at most ${MAX_TYPE_LENGTH} characters long.`);
  }
  const { StringValue: stringValue, BinaryValue: binaryValue } = input;
  const emptyValue = () =>
    sqsErrors.invalidParameterValue(`Message (${kind}) attribute '${name}' must contain a non-empty value of type '${type}'.`);
  if (type === 'Binary') {
    if (stringValue !== undefined && stringValue !== null) throw valueOfOtherType(name, kind, type);
    if (typeof binaryValue !== 'string' || binaryValue.length === 0) throw emptyValue();
    if (!BASE64.test(binaryValue)) {
      throw sqsErrors.invalidParameterValue(`Message (${kind}) attribute '${name}' has a BinaryValue that is not base64.`);
    }
    return { DataType: dataType, BinaryValue: binaryValue };
  }
  if (binaryValue !== undefined && binaryValue !== null) throw valueOfOtherType(name, kind, type);
  if (typeof stringValue !== 'string' || stringValue.length === 0) throw emptyValue();
  if (type === 'Number' && !isSqsNumber(stringValue)) {
    throw sqsErrors.invalidParameterValue(`Can't inspect the value of message (${kind}) attribute '${name}' as a number: '${stringValue}'.`);
  }
  if (!hasOnlyAllowedCharacters(stringValue)) {
    throw sqsErrors.invalidParameterValue(`Message (${kind}) attribute '${name}' value contains invalid characters.`);
  }
  return { DataType: dataType, StringValue: stringValue };
}

const valueOfOtherType = (name: string, kind: string, type: string) =>
  sqsErrors.invalidParameterValue(`Message (${kind}) attribute '${name}' of type '${type}' must not have a ${type === 'Binary' ? 'StringValue' : 'BinaryValue'}.`);

/**
 * The bytes attributes count toward MaximumMessageSize: each name, DataType and value
 * (UTF-8 for text, decoded bytes for binary).
 */
export function messageAttributesSize(attributes: Record<string, MessageAttributeValue>): number {
  let size = 0;
  for (const [name, value] of Object.entries(attributes)) {
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value.DataType, 'utf8');
    size += value.BinaryValue !== undefined
      ? Buffer.byteLength(value.BinaryValue, 'base64')
      : Buffer.byteLength(value.StringValue ?? '', 'utf8');
  }
  return size;
}

/**
 * Checks a message body: required and non-empty (MissingParameter, as SQS treats an empty body),
 * only allowed characters (InvalidMessageContents). The size limit depends on the queue and is
 * checked by the operation.
 */
export function checkMessageBody(body: unknown): string {
  if (typeof body !== 'string' || body.length === 0) throw sqsErrors.missingRequiredParameter('MessageBody');
  if (!hasOnlyAllowedCharacters(body)) throw sqsErrors.invalidMessageContents(INVALID_CHARACTERS_MESSAGE);
  return body;
}

/**
 * The attributes ReceiveMessage returns for `MessageAttributeNames`: none when absent or empty;
 * all for `All` or `.*`; `prefix.*` selects names starting with `prefix.`; other entries are exact.
 */
export function selectAttributes(
  names: string[] | undefined,
  attributes: Record<string, MessageAttributeValue>,
): Record<string, MessageAttributeValue> {
  if (!names || names.length === 0) return {};
  if (names.includes('All') || names.includes('.*')) return { ...attributes };
  const prefixes = names.filter((n) => n.endsWith('.*')).map((n) => n.slice(0, -1));
  const exact = new Set(names);
  const selected: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (exact.has(name) || prefixes.some((prefix) => name.startsWith(prefix))) setOwn(selected, name, value);
  }
  return selected;
}
