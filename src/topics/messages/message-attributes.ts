import { setOwn } from '../../shared/set-own.js';
import { nullMember, parameterValueInvalid } from './input-error.js';

/** A MessageAttributes value as the query protocol decodes it (`MessageAttributes.entry.N.Value.*`). */
export interface MessageAttributeInput {
  DataType?: string;
  StringValue?: string;
  BinaryValue?: Uint8Array;
}

/** A checked attribute: exactly one of the two values, by the type's prefix (String/Number → string, Binary → binary). */
export type MessageAttribute =
  | { readonly dataType: string; readonly stringValue: string; readonly binaryValue?: undefined }
  | { readonly dataType: string; readonly binaryValue: Uint8Array; readonly stringValue?: undefined };

export type MessageAttributes = Readonly<Record<string, MessageAttribute>>;

const NAME = /^[A-Za-z0-9_.-]+$/;
const TYPE = /^(String|Number|Binary)(\..+)?$/;

/**
 * Checks Publish's MessageAttributes in AWS's order, attribute by attribute (§E.4 MessageAttributes,
 * observed ParameterValueInvalid texts; the null DataType is the §E.1 ValidationError). `entryPosition`
 * (1-based) names a PublishBatch entry in the null-member path.
 */
export function checkMessageAttributes(
  input: Readonly<Record<string, MessageAttributeInput>> | undefined,
  entryPosition?: number,
): MessageAttributes {
  const attributes: Record<string, MessageAttribute> = {};
  for (const [name, value] of Object.entries(input ?? {})) {
    // The docs allow names "up to 256 characters" (sns-message-attributes.html), so 256 passes despite the text (unconfirmed).
    if (Buffer.byteLength(name) > 256) throw parameterValueInvalid('Length of message attribute name must be less than 256 bytes.');
    checkAttributeName(name);
    const dataType = value.DataType;
    if (dataType === undefined) {
      const where = entryPosition === undefined ? '' : `publishBatchRequestEntries.${entryPosition}.member.`;
      throw nullMember(`${where}messageAttributes.${name}.member.dataType`);
    }
    const prefix = TYPE.exec(dataType)?.[1];
    if (prefix === undefined) {
      throw parameterValueInvalid(
        `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
      );
    }
    const empty = `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`;
    if (value.StringValue === undefined && value.BinaryValue === undefined) throw parameterValueInvalid(empty);
    if (prefix === 'Binary') {
      if (value.BinaryValue === undefined) throw parameterValueInvalid(`The message attribute '${name}' with type '${dataType}' must use field 'Binary'.`);
      if (value.BinaryValue.length === 0) throw parameterValueInvalid(empty);
      setOwn<MessageAttribute>(attributes, name, { dataType, binaryValue: value.BinaryValue });
    } else {
      if (value.StringValue === undefined) throw parameterValueInvalid(`The message attribute '${name}' with type '${dataType}' must use field 'String'.`);
      if (value.StringValue === '') throw parameterValueInvalid(empty);
      setOwn<MessageAttribute>(attributes, name, { dataType, stringValue: value.StringValue });
    }
  }
  return attributes;
}

/** Name rules of §E.4: alphanumerics, `-`, `_`, `.`; no leading, trailing or doubled dot. */
function checkAttributeName(name: string): void {
  if (NAME.test(name) && !name.startsWith('.') && !name.endsWith('.') && !name.includes('..')) return;
  if (name.startsWith('.')) throw parameterValueInvalid(`Invalid message attribute name starting with character '.' was found.`);
  if (name.endsWith('.')) throw parameterValueInvalid(`Invalid message attribute name ending with character '.' was found.`);
  for (const char of name) {
    if (!/[A-Za-z0-9_.-]/.test(char)) {
      // Observed `'#x5E'` for `^`: the code point in upper-case hex after `#x` (§E.4).
      const hex = `#x${char.codePointAt(0)!.toString(16).toUpperCase()}`;
      throw parameterValueInvalid(
        `Invalid non-alphanumeric character '${hex}' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.`,
      );
    }
  }
  throw parameterValueInvalid(`Message attribute name can not have successive '.' character.`);
}

/**
 * The bytes a message counts against the size limit (§E.4 Size): the body's UTF-8 bytes plus, for each
 * attribute, the UTF-8 bytes of its name, its type and its value (binary values by their length).
 */
export function publishSize(message: string, attributes: MessageAttributes): number {
  let size = Buffer.byteLength(message);
  for (const [name, value] of Object.entries(attributes)) {
    size += Buffer.byteLength(name) + Buffer.byteLength(value.dataType);
    size += value.binaryValue !== undefined ? value.binaryValue.length : Buffer.byteLength(value.stringValue);
  }
  return size;
}

/** The envelope's `MessageAttributes` (§E.4): `{ Type, Value }`, binary values in base64. */
export function envelopeAttributes(attributes: MessageAttributes): Record<string, { Type: string; Value: string }> {
  const out: Record<string, { Type: string; Value: string }> = {};
  for (const [name, value] of Object.entries(attributes)) {
    setOwn(out, name, {
      Type: value.dataType,
      Value: value.binaryValue !== undefined ? Buffer.from(value.binaryValue).toString('base64') : value.stringValue,
    });
  }
  return out;
}

/** An SQS message attribute as raw delivery sends it (§E.4 Raw delivery): `DataType` plus `StringValue` or `BinaryValue`. */
export type SqsMessageAttribute =
  | { DataType: string; StringValue: string; BinaryValue?: undefined }
  | { DataType: string; BinaryValue: Uint8Array; StringValue?: undefined };

/** The attributes as SQS message attributes, for raw delivery to a queue. */
export function sqsAttributes(attributes: MessageAttributes): Record<string, SqsMessageAttribute> {
  const out: Record<string, SqsMessageAttribute> = {};
  for (const [name, value] of Object.entries(attributes)) {
    setOwn<SqsMessageAttribute>(out, name, value.binaryValue !== undefined
      ? { DataType: value.dataType, BinaryValue: value.binaryValue }
      : { DataType: value.dataType, StringValue: value.stringValue });
  }
  return out;
}
