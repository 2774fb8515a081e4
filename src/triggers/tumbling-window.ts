/** Lambda's limit on a shard's window state; more ends the window early (SEMANTICS.md §B.9). */
export const WINDOW_STATE_LIMIT = 1024 * 1024;

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The start (epoch ms) of the window a record created at `createdAt` falls in: multiples of the length. */
export function windowStart(createdAt: number, seconds: number): number {
  const length = seconds * 1000;
  return Math.floor(createdAt / length) * length;
}

/**
 * One open tumbling window of one shard (TumblingWindowInSeconds, SEMANTICS.md §B.9): its bounds and
 * the state the function returned last, handed to its next invocation (`{}` at first). It lives in the
 * shard's checkpoint (`serialize`/`restore`), so a restart resumes the window with its state.
 */
export class TumblingWindow {
  readonly start: number;
  readonly end: number;
  /** JSON text of the state object. */
  #state: string;

  constructor(start: number, seconds: number, state = '{}') {
    this.start = start;
    this.end = start + seconds * 1000;
    this.#state = state;
  }

  /** The window kept in a checkpoint's `state`, if any (a malformed one is dropped). */
  static restore(stored: string | undefined, seconds: number): TumblingWindow | undefined {
    if (stored === undefined) return undefined;
    try {
      const { start, state } = JSON.parse(stored) as { start?: unknown; state?: unknown };
      if (typeof start !== 'number' || !isStateObject(state)) return undefined;
      return new TumblingWindow(start, seconds, JSON.stringify(state));
    } catch {
      return undefined;
    }
  }

  serialize(): string {
    return `{"start":${this.start},"state":${this.#state}}`;
  }

  /** The state outgrew the limit: the next invocation is the window's last (isWindowTerminatedEarly). */
  get oversized(): boolean {
    return Buffer.byteLength(this.#state) > WINDOW_STATE_LIMIT;
  }

  /**
   * The event for the function: the records (JSON texts joined by commas) and the window members.
   * `final`: the window's closing invocation (no records).
   */
  event(records: string, final: boolean, shardIdJson: string, streamArnJson: string): string {
    return (
      `{"Records":[${records}],"window":{"start":"${isoSeconds(this.start)}","end":"${isoSeconds(this.end)}"},` +
      `"state":${this.#state},"shardId":${shardIdJson},"eventSourceARN":${streamArnJson},` +
      `"isFinalInvokeForWindow":${final},"isWindowTerminatedEarly":${final && this.oversized}}`
    );
  }

  /**
   * Takes the state from a function's response. A response without a `state` object counts as a failed
   * invocation (AWS: "no state = failure"; whether a non-object state is refused too is unconfirmed).
   */
  accept(payload: string): boolean {
    let response: unknown;
    try {
      response = JSON.parse(payload);
    } catch {
      return false;
    }
    if (response === null || typeof response !== 'object' || Array.isArray(response)) return false;
    const state = (response as { state?: unknown }).state;
    if (!isStateObject(state)) return false;
    this.#state = JSON.stringify(state);
    return true;
  }
}

function isStateObject(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
