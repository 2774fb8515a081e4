import type { ErrorCollector } from './expression-errors.js';
import { invalidExpression } from './expression-errors.js';
import { undefinedNameError } from './functions.js';
import type { Path, PathElement } from './paths.js';
import type { ExpressionScope } from './scope.js';
import type { TokenStream } from './token-stream.js';
import type { Token } from './tokenizer.js';
import { isReservedWord } from './reserved-words.js';

/**
 * DynamoDB accepts document paths of at most 32 elements (`a` + 31 `.b`). The wording of the refusal
 * ("The document path has too many nesting levels; nesting levels: N") is unconfirmed: no recording found.
 */
export const MAX_PATH_DEPTH = 32;

/**
 * A path as written, with the reserved words found in it left for the caller to rank. Its `#name`
 * placeholders stay as written (a bare name never starts with `#`): `resolvePath` gives a request's
 * path, so a parse depends on the text alone and can be kept (parse-cache.ts).
 */
export interface ParsedPath {
  path: PathElement[];
  token: Token;
  /** Bare names that are reserved words, in order of appearance. */
  reserved: string[];
}

/**
 * Whether the current token can start a path: a bare name that is not a keyword of the grammar
 * being parsed, or a `#name` placeholder.
 */
export function startsPath(stream: TokenStream, keywords: ReadonlySet<string>): boolean {
  const token = stream.peek();
  return token.type === 'nameRef' || (token.type === 'name' && !keywords.has(token.text.toUpperCase()));
}

/** Parses `name ( . name | [ digits ] )*`, leaving `#name` placeholders as written. */
export function parsePath(stream: TokenStream, keywords: ReadonlySet<string>): ParsedPath {
  const token = stream.peek();
  const parsed: ParsedPath = { path: [], token, reserved: [] };
  parseName(stream, keywords, parsed);
  for (;;) {
    if (stream.isPunct('.')) {
      stream.next();
      parseName(stream, keywords, parsed);
    } else if (stream.isPunct('[')) {
      stream.next();
      const index = stream.peek();
      if (index.type !== 'number') throw stream.syntaxError();
      stream.next();
      stream.expectPunct(']');
      parsed.path.push(Number(index.text));
    } else {
      break;
    }
    if (parsed.path.length > MAX_PATH_DEPTH) {
      throw invalidExpression(
        stream.kind,
        `The document path has too many nesting levels; nesting levels: ${parsed.path.length}`,
      );
    }
  }
  return parsed;
}

function parseName(stream: TokenStream, keywords: ReadonlySet<string>, parsed: ParsedPath): void {
  if (!startsPath(stream, keywords)) throw stream.syntaxError();
  const token = stream.next();
  if (token.type === 'name' && isReservedWord(token.text)) parsed.reserved.push(token.text);
  parsed.path.push(token.text);
}

const HASH = '#'.charCodeAt(0);

/**
 * A parsed path with its `#name` placeholders resolved through `scope` (which marks them used). One not
 * defined stays as written and is recorded in `errors` as `category`, in order of appearance. A path
 * without placeholders is returned as it is, not copied.
 */
export function resolvePath<C extends string>(path: Path, scope: ExpressionScope, errors: ErrorCollector<C>, category: C): Path {
  let resolved: PathElement[] | undefined;
  for (let i = 0; i < path.length; i++) {
    const element = path[i];
    if (typeof element !== 'string' || element.charCodeAt(0) !== HASH) continue;
    const name = scope.name(element);
    if (name === undefined) errors.record(category, undefinedNameError(element));
    else (resolved ??= copyOf(path))[i] = name;
  }
  return resolved ?? path;
}

/** A copy element by element: `slice()` of a frozen (kept) path gave a copy slow to write, twice the check's time. */
function copyOf(path: Path): PathElement[] {
  const copy = new Array<PathElement>(path.length);
  for (let i = 0; i < path.length; i++) copy[i] = path[i]!;
  return copy;
}
