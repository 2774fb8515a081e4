import { invalidExpression } from './expression-errors.js';
import type { PathElement } from './paths.js';
import type { ExpressionScope } from './scope.js';
import type { TokenStream } from './token-stream.js';
import type { Token } from './tokenizer.js';
import { isReservedWord } from './reserved-words.js';

/**
 * DynamoDB accepts document paths of at most 32 elements (`a` + 31 `.b`). The wording of the refusal
 * ("The document path has too many nesting levels; nesting levels: N") is unconfirmed: no recording found.
 */
export const MAX_PATH_DEPTH = 32;

/** A path as parsed, with the problems found in it left for the caller to rank. */
export interface ParsedPath {
  path: PathElement[];
  token: Token;
  /** Bare names that are reserved words, in order of appearance. */
  reserved: string[];
  /** `#name` placeholders missing from ExpressionAttributeNames (left unresolved in `path`). */
  undefinedNames: string[];
}

/**
 * Whether the current token can start a path: a bare name that is not a keyword of the grammar
 * being parsed, or a `#name` placeholder.
 */
export function startsPath(stream: TokenStream, keywords: ReadonlySet<string>): boolean {
  const token = stream.peek();
  return token.type === 'nameRef' || (token.type === 'name' && !keywords.has(token.text.toUpperCase()));
}

/** Parses `name ( . name | [ digits ] )*`, resolving `#name` placeholders through `scope`. */
export function parsePath(stream: TokenStream, scope: ExpressionScope, keywords: ReadonlySet<string>): ParsedPath {
  const token = stream.peek();
  const parsed: ParsedPath = { path: [], token, reserved: [], undefinedNames: [] };
  parseName(stream, scope, keywords, parsed);
  for (;;) {
    if (stream.isPunct('.')) {
      stream.next();
      parseName(stream, scope, keywords, parsed);
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

function parseName(stream: TokenStream, scope: ExpressionScope, keywords: ReadonlySet<string>, parsed: ParsedPath): void {
  if (!startsPath(stream, keywords)) throw stream.syntaxError();
  const token = stream.next();
  if (token.type === 'nameRef') {
    const name = scope.name(token.text);
    if (name === undefined) parsed.undefinedNames.push(token.text);
    parsed.path.push(name ?? token.text);
  } else {
    if (isReservedWord(token.text)) parsed.reserved.push(token.text);
    parsed.path.push(token.text);
  }
}
