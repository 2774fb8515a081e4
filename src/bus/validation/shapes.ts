/**
 * A small description language for EventBridge's request shapes (botocore `events` 2015-10-07),
 * read by `checkRequest`. Member order inside a structure is the order errors are reported in.
 * Patterns are the model's Java patterns, quoted verbatim in messages and matched whole.
 */
export type Shape = StringShape | IntegerShape | BooleanShape | TimestampShape | ListShape | MapShape | StructureShape | DocumentShape;

interface Presence {
  /** Missing or null is reported in the aggregated list: "Value null at 'name' failed to satisfy constraint: Member must not be null". */
  readonly notNull?: boolean;
}

interface Bounds {
  readonly min?: number;
  readonly max?: number;
}

export interface StringShape extends Presence, Bounds {
  readonly kind: 'string';
  readonly pattern?: string;
  /**
   * Decides `pattern` instead of matching it as a regular expression: for model patterns a
   * backtracking engine takes exponential time on (`[ \t]*[\x20-\x7E]+([ \t]+[\x20-\x7E]+)*`:
   * a long run of `a ` and one bad character). Must accept exactly what the pattern does.
   */
  readonly matches?: (text: string) => boolean;
  readonly enum?: readonly string[];
}

export interface IntegerShape extends Presence, Bounds {
  readonly kind: 'integer';
}

export interface BooleanShape extends Presence {
  readonly kind: 'boolean';
}

/**
 * A timestamp: epoch seconds on the wire (a JSON number, as the SDKs send it; fractions allowed),
 * read as whole epoch milliseconds.
 */
export interface TimestampShape extends Presence {
  readonly kind: 'timestamp';
}

export interface ListShape extends Presence, Bounds {
  readonly kind: 'list';
  readonly member: Shape;
}

/** String keys held to `key`'s bounds and pattern ("Map keys must satisfy constraint: […]"). */
export interface MapShape extends Presence, Bounds {
  readonly kind: 'map';
  readonly key: StringShape;
  readonly value: Shape;
}

export interface StructureShape extends Presence {
  readonly kind: 'structure';
  readonly members: Readonly<Record<string, Shape>>;
}

/**
 * A JSON object taken as sent: the service-specific parameter blocks of a target (ECS, Batch, Kinesis…),
 * which Eddy stores and returns but never reads.
 */
export interface DocumentShape extends Presence {
  readonly kind: 'document';
}

type Options<S> = Omit<S, 'kind' | 'member' | 'members' | 'key' | 'value'>;

export const string = (options: Options<StringShape> = {}): StringShape => ({ kind: 'string', ...options });
export const enumOf = (values: readonly string[], options: Options<StringShape> = {}): StringShape => ({ kind: 'string', enum: values, ...options });
export const integer = (options: Options<IntegerShape> = {}): IntegerShape => ({ kind: 'integer', ...options });
export const boolean = (options: Options<BooleanShape> = {}): BooleanShape => ({ kind: 'boolean', ...options });
export const timestamp = (options: Options<TimestampShape> = {}): TimestampShape => ({ kind: 'timestamp', ...options });
export const list = (member: Shape, options: Options<ListShape> = {}): ListShape => ({ kind: 'list', member, ...options });
export const map = (key: StringShape, value: Shape, options: Options<MapShape> = {}): MapShape => ({ kind: 'map', key, value, ...options });
export const structure = (members: Readonly<Record<string, Shape>>, options: Options<StructureShape> = {}): StructureShape => ({
  kind: 'structure',
  members,
  ...options,
});
export const document = (options: Options<DocumentShape> = {}): DocumentShape => ({ kind: 'document', ...options });

/** `shape` with extra constraints, e.g. `required(ruleName)`. */
export const required = <S extends Shape>(shape: S): S => ({ ...shape, notNull: true });
