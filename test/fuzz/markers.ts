/**
 * Every fuzz request that could write carries markers: `fuzz-<n>_` for request n, `fuzz-<n>_e<i>_` for
 * entry i of a batch. The closing `_` keeps `fuzz-1_` from matching inside `fuzz-12_`, and the
 * characters used fit everywhere a marker goes (table and queue names, keys, bodies, group ids).
 * At the end every marker found in Eddy's state must belong to a request Eddy accepted.
 */
export const marker = (n: number): string => `fuzz-${n}_`;
export const entryMarker = (n: number, entry: number): string => `fuzz-${n}_e${entry}_`;

const MARKER = /fuzz-(\d+)_(?:e(\d+)_)?/g;

export interface FoundMarker {
  readonly text: string;
  readonly request: number;
  readonly entry: number | undefined;
}

/** The markers in a text, each once. */
export function findMarkers(text: string): FoundMarker[] {
  const found = new Map<string, FoundMarker>();
  for (const match of text.matchAll(MARKER)) {
    found.set(match[0], { text: match[0], request: Number(match[1]), entry: match[2] === undefined ? undefined : Number(match[2]) });
  }
  return [...found.values()];
}

/** Where markers sit in a serialized body, so byte-level mutations can keep clear of them. */
export function markerSpans(text: string): [number, number][] {
  return [...text.matchAll(MARKER)].map((match) => [match.index, match.index + match[0].length]);
}

/** What Eddy accepted: whole requests (any 2xx), or single entries of a batch that answers per entry. */
export class AcceptedMarkers {
  readonly #requests = new Set<number>();
  readonly #entries = new Set<string>();

  acceptRequest(n: number): void {
    this.#requests.add(n);
  }

  /** One marker, of an entry a batch answered as done. */
  acceptMarker(text: string): void {
    this.#entries.add(text);
  }

  allows(found: FoundMarker): boolean {
    return this.#requests.has(found.request) || this.#entries.has(found.text);
  }
}
