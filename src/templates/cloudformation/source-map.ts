import { TemplateError, type SourceLocation } from './template-error.js';

/** A JSON pointer (RFC 6901) for a path of keys and indexes: ['Resources', 'A/B'] → `/Resources/A~1B`. */
export function pointerOf(segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${String(s).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** `pointer` + one more key or index. */
export function childPointer(pointer: string, segment: string | number): string {
  return pointer + pointerOf([segment]);
}

/**
 * Where each node of a template came from, by JSON pointer. A pointer with no entry of its own (a node
 * a transform added) is answered by its nearest ancestor that has one, so an error always names a line.
 * A transform (SAM) may `set` the location of what it generates to the location of its source.
 */
export class SourceMap {
  readonly file: string;
  readonly #locations = new Map<string, { line: number; column: number }>();

  constructor(file: string) {
    this.file = file;
  }

  set(pointer: string, line: number, column: number): void {
    this.#locations.set(pointer, { line, column });
  }

  /** The location recorded for `pointer` itself, if any. */
  get(pointer: string): SourceLocation | undefined {
    const found = this.#locations.get(pointer);
    return found && { file: this.file, ...found };
  }

  /** The location of `pointer` or of its nearest recorded ancestor (line 1, column 1 at worst). */
  locate(pointer: string): SourceLocation {
    let current = pointer;
    for (;;) {
      const found = this.#locations.get(current);
      if (found) return { file: this.file, ...found };
      if (current === '') return { file: this.file, line: 1, column: 1 };
      current = current.slice(0, current.lastIndexOf('/'));
    }
  }

  /** A TemplateError located at `pointer`. */
  error(detail: string, pointer: string): TemplateError {
    return new TemplateError(detail, pointer, this.locate(pointer));
  }
}
