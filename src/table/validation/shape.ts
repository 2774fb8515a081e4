/**
 * A small description language for DynamoDB request shapes, read by `checkInput`.
 *
 * A shape says two things: how a JSON value is deserialised (its Java-side type, which decides
 * DynamoDB's SerializationException messages) and which constraints it must satisfy (which decide
 * the aggregated ValidationException). Member order inside a structure is the order DynamoDB reports
 * errors in, so shapes list members in AWS's observed order, not alphabetically.
 */

/** Constraints any member may carry. */
export interface Presence {
  /** Missing/null is reported in the aggregated list: "Value null at 'x' failed to satisfy constraint: Member must not be null". */
  notNull?: boolean;
  /**
   * Missing/null fails the whole request at once, before any constraint:
   * "The parameter 'TableName' is required but was not present in the request" (table control-plane operations).
   */
  required?: boolean;
}

export interface LengthBounds {
  minLength?: number;
  maxLength?: number;
}

export interface StringShape extends Presence, LengthBounds {
  readonly kind: 'string';
  /** Anchored Java-style pattern, quoted verbatim in the message. */
  pattern?: string;
  enum?: readonly string[];
  /**
   * Table names that may also be given as a table ARN (AWS's TableArn shape, up to 1024 characters):
   * text starting with `arn:` is held to that length only, not to the name's pattern and bounds.
   */
  orTableArn?: boolean;
}

export interface NumberShape extends Presence {
  readonly kind: 'integer' | 'long' | 'double';
  min?: number;
  max?: number;
}

export interface BooleanShape extends Presence {
  readonly kind: 'boolean';
}

/** Base64 text on the wire; kept as the base64 string after checking. */
export interface BlobShape extends Presence, LengthBounds {
  readonly kind: 'blob';
}

export interface ListShape extends Presence, LengthBounds {
  readonly kind: 'list';
  readonly member: Shape;
}

/** Constraints on every key (or value) of a map, reported once per offending entry as "Map keys must satisfy constraint: [...]". */
export interface EntryConstraints extends LengthBounds {
  pattern?: string;
}

export interface MapShape extends Presence, LengthBounds {
  readonly kind: 'map';
  readonly value: Shape;
  keys?: EntryConstraints;
  values?: LengthBounds;
}

export interface StructureShape extends Presence {
  readonly kind: 'structure';
  /** The Java class name DynamoDB quotes in "Unrecognized collection type class …" (e.g. `KeySchemaElement`). */
  readonly name: string;
  /** Thunk so recursive shapes (AttributeValue) can refer to themselves; evaluated once. */
  readonly members: () => Readonly<Record<string, Shape>>;
}

export type Shape = StringShape | NumberShape | BooleanShape | BlobShape | ListShape | MapShape | StructureShape;

type Options<S extends Shape> = Omit<S, 'kind' | 'member' | 'value' | 'members' | 'name'>;

export const string = (options: Options<StringShape> = {}): StringShape => ({ kind: 'string', ...options });

/** A string restricted to a set of values: "Member must satisfy enum value set: [HASH, RANGE]". */
export const enumOf = (values: readonly string[], options: Options<StringShape> = {}): StringShape => ({
  kind: 'string',
  enum: values,
  ...options,
});

export const integer = (options: Options<NumberShape> = {}): NumberShape => ({ kind: 'integer', ...options });
export const long = (options: Options<NumberShape> = {}): NumberShape => ({ kind: 'long', ...options });
export const double = (options: Options<NumberShape> = {}): NumberShape => ({ kind: 'double', ...options });
export const boolean = (options: Options<BooleanShape> = {}): BooleanShape => ({ kind: 'boolean', ...options });
export const blob = (options: Options<BlobShape> = {}): BlobShape => ({ kind: 'blob', ...options });

export const list = (member: Shape, options: Options<ListShape> = {}): ListShape => ({ kind: 'list', member, ...options });

/** A map with string keys (the only kind DynamoDB has). */
export const map = (value: Shape, options: Options<MapShape> = {}): MapShape => ({ kind: 'map', value, ...options });

export const structure = (
  name: string,
  members: Readonly<Record<string, Shape>> | (() => Readonly<Record<string, Shape>>),
  options: Options<StructureShape> = {},
): StructureShape => ({
  kind: 'structure',
  name,
  members: typeof members === 'function' ? once(members) : () => members,
  ...options,
});

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/** Returns a copy of `shape` with extra constraints (e.g. `withConstraints(string(), { notNull: true })`). */
export function withConstraints<S extends Shape>(shape: S, options: Partial<Options<S>>): S {
  return { ...shape, ...options };
}

const attributeValueMembers = (): Readonly<Record<string, Shape>> => ({
  S: string(),
  N: string(),
  B: blob(),
  SS: list(string()),
  NS: list(string()),
  BS: list(blob()),
  M: map(attributeValueShape),
  L: list(attributeValueShape),
  NULL: boolean(),
  BOOL: boolean(),
});

/**
 * DynamoDB's AttributeValue as the deserialiser sees it. Only wire types are checked here; "exactly one
 * type set", empty sets, number syntax and the like are semantic checks made after the constraints.
 */
export const attributeValueShape: StructureShape = structure('AttributeValue', attributeValueMembers);

export const attributeValue = (options: Presence = {}): StructureShape => ({ ...attributeValueShape, ...options });

/** A map of attribute name → AttributeValue (Item, Key, ExpressionAttributeValues …). */
export const attributeMap = (options: Options<MapShape> = {}): MapShape => map(attributeValueShape, options);
