import { inflateRawSync } from 'node:zlib';
import { lambdaErrors } from '../lambda-errors.js';

/** Lambda's limits on a deployment package (SEMANTICS G.3). */
export const MAX_ZIPPED_BYTES = 52_428_800;
export const MAX_UNZIPPED_BYTES = 262_144_000;

const BAD_ZIP = 'Could not unzip uploaded file. Please check your file, then try to upload again.';

/** One file of an archive: its path inside the code directory, Unix mode bits (0 when the archive has none), and contents. */
export interface ZipFileEntry {
  readonly path: string;
  readonly mode: number;
  readonly data: Buffer;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * Reads a zip archive from its central directory (stored and deflated members, as every zip tool
 * writes them; ZIP64 and encryption are refused as a bad zip). Directories are left out. Throws
 * Lambda's errors: RequestEntityTooLargeException past 50 MB zipped or 250 MB unzipped (the declared
 * sizes are checked before anything is inflated, and inflation never goes past them), and
 * InvalidParameterValueException with Lambda's message for anything that is not a readable zip or
 * names a path outside its directory (absolute, or with `..`: the zip-slip).
 */
export function readZip(zip: Buffer): ZipFileEntry[] {
  if (zip.length > MAX_ZIPPED_BYTES) throw lambdaErrors.requestEntityTooLarge(`Zipped size must be smaller than ${MAX_ZIPPED_BYTES} bytes`);
  const bad = () => lambdaErrors.invalidParameterValue(BAD_ZIP);
  const eocd = findEndOfCentralDirectory(zip);
  if (eocd < 0) throw bad();
  const count = zip.readUInt16LE(eocd + 10);
  const size = zip.readUInt32LE(eocd + 12);
  let at = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || at === 0xffffffff || at + size > eocd) throw bad();
  const headers: { path: string; mode: number; method: number; flags: number; compressed: number; unzipped: number; local: number }[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || zip.readUInt32LE(at) !== CENTRAL) throw bad();
    const madeBy = zip.readUInt16LE(at + 4) >> 8;
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const unzipped = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const external = zip.readUInt32LE(at + 38);
    const local = zip.readUInt32LE(at + 42);
    const end = at + 46 + nameLength;
    if (end > eocd) throw bad();
    const path = zip.toString('utf8', at + 46, end).replaceAll('\\', '/');
    at = end + extraLength + commentLength;
    if (path.endsWith('/')) continue;
    if (!safePath(path)) throw lambdaErrors.invalidParameterValue(`${BAD_ZIP} The archive names a path outside its directory: ${JSON.stringify(path)}`);
    if (flags & 1 || (method !== 0 && method !== 8) || compressed === 0xffffffff || unzipped === 0xffffffff) throw bad();
    total += unzipped;
    if (total > MAX_UNZIPPED_BYTES) throw lambdaErrors.requestEntityTooLarge(`Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`);
    // Unix mode bits travel in the high half of the external attributes of archives made on Unix (3) or macOS (19).
    const mode = madeBy === 3 || madeBy === 19 ? (external >>> 16) & 0o777 : 0;
    headers.push({ path, mode, method, flags, compressed, unzipped, local });
  }
  return headers.map((h) => {
    if (h.local + 30 > zip.length || zip.readUInt32LE(h.local) !== LOCAL) throw bad();
    const start = h.local + 30 + zip.readUInt16LE(h.local + 26) + zip.readUInt16LE(h.local + 28);
    if (start + h.compressed > zip.length) throw bad();
    const raw = zip.subarray(start, start + h.compressed);
    let data: Buffer;
    try {
      data = h.method === 0 ? Buffer.from(raw) : inflateRawSync(raw, { maxOutputLength: Math.max(1, h.unzipped) });
    } catch {
      throw bad();
    }
    if (data.length !== h.unzipped) throw bad();
    return { path: h.path, mode: h.mode, data };
  });
}

/** The end of central directory record: searched backwards over its fixed part and the longest comment. */
function findEndOfCentralDirectory(zip: Buffer): number {
  const stop = Math.max(0, zip.length - 22 - 0xffff);
  for (let at = zip.length - 22; at >= stop; at--) {
    if (zip.readUInt32LE(at) === EOCD && at + 22 + zip.readUInt16LE(at + 20) === zip.length) return at;
  }
  return -1;
}

/** A relative path that stays inside the directory it is unpacked into. */
function safePath(path: string): boolean {
  if (path === '' || path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.includes('\0')) return false;
  return path.split('/').every((part) => part !== '..');
}
