/**
 * A response body that is already JSON text. Operations on hot paths (GetItem) return one to splice the
 * stored item text into the response without parsing and re-serialising it.
 */
export class RawJson {
  constructor(readonly text: string) {}
}
