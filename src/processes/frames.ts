import type { Socket } from 'node:net';

/** Bytes of a frame's length prefix (big-endian, unsigned): the payload's size, the prefix not counted. */
const PREFIX_BYTES = 4;

/**
 * Splits a byte stream into frames, each a 4-byte big-endian length then that many payload bytes, whatever
 * the chunks it arrives in: a frame split over several chunks, several frames in one. A large frame's chunks
 * are kept as they come and joined once, when the last one arrives.
 */
export class FrameReader {
  readonly #take: (payload: Buffer) => void;
  #chunks: Buffer[] = [];
  #buffered = 0;
  /** The size of the frame being read, its prefix included, once its prefix is known. */
  #frameBytes = -1;

  constructor(take: (payload: Buffer) => void) {
    this.#take = take;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    for (;;) {
      if (this.#frameBytes < 0) {
        if (this.#buffered < PREFIX_BYTES) return;
        if (this.#chunks[0]!.length < PREFIX_BYTES) this.#chunks = [Buffer.concat(this.#chunks, this.#buffered)];
        this.#frameBytes = PREFIX_BYTES + this.#chunks[0]!.readUInt32BE(0);
      }
      if (this.#buffered < this.#frameBytes) return;
      const frame = this.#first(this.#frameBytes);
      this.#frameBytes = -1;
      this.#take(frame.subarray(PREFIX_BYTES));
    }
  }

  /** The first `size` bytes buffered, removed from the buffer. */
  #first(size: number): Buffer {
    this.#buffered -= size;
    const head = this.#chunks[0]!;
    if (head.length >= size) {
      if (head.length === size) this.#chunks.shift();
      else this.#chunks[0] = head.subarray(size);
      return head.subarray(0, size);
    }
    let whole = 0;
    let count = 0;
    while (whole < size) whole += this.#chunks[count++]!.length;
    const parts = this.#chunks.splice(0, count);
    const joined = Buffer.concat(parts, whole);
    if (whole > size) this.#chunks.unshift(joined.subarray(size));
    return joined.subarray(0, size);
  }
}

/** A buffer for a frame of `payloadBytes`, its length prefix written: the payload goes from PAYLOAD_OFFSET. */
export function frameBuffer(payloadBytes: number): Buffer {
  const frame = Buffer.allocUnsafe(PREFIX_BYTES + payloadBytes);
  frame.writeUInt32BE(payloadBytes, 0);
  return frame;
}

export const PAYLOAD_OFFSET = PREFIX_BYTES;

/**
 * Writes frames to a socket, those written in one turn of the event loop going out together (corked, then
 * one writev when the turn ends): a busy process sends its answers in a few system calls, not one each.
 */
export class FrameWriter {
  readonly #socket: Socket;
  #corked = false;

  constructor(socket: Socket) {
    this.#socket = socket;
  }

  write(frame: Buffer): boolean {
    if (!this.#socket.writable) return false;
    if (!this.#corked) {
      this.#corked = true;
      this.#socket.cork();
      process.nextTick(() => {
        this.#corked = false;
        this.#socket.uncork();
      });
    }
    this.#socket.write(frame);
    return true;
  }
}
