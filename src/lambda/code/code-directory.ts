import { createHash, randomUUID } from 'node:crypto';
import { chmod, mkdir, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readZip } from './zip-archive.js';

/** A deployment package unpacked: where, and Lambda's CodeSha256 (base64 SHA-256 of the zip) and CodeSize. */
export interface UnpackedCode {
  readonly dir: string;
  readonly sha256: string;
  readonly size: number;
}

/**
 * Where API-created functions' code lives: `<root>/<function>/<sha256 hex>/`, one directory per
 * package, so every node sharing the data directory finds the code a stored function points at. A
 * package is unpacked into a scratch directory and renamed into place, so a directory that exists
 * is complete; it is written before the stored function that names it (see the operations).
 */
export class CodeDirectory {
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  /** Checks and unpacks a zip (Lambda's errors for a bad or oversized one); the same package twice is unpacked once. */
  async unpack(functionName: string, zip: Buffer): Promise<UnpackedCode> {
    const entries = readZip(zip);
    const digest = createHash('sha256').update(zip).digest();
    const dir = join(this.#root, functionName, digest.toString('hex'));
    const scratch = join(this.#root, '.unpacking', randomUUID());
    try {
      for (const entry of entries) {
        const path = join(scratch, entry.path);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, entry.data);
        // Lambda runs code from a read-only copy that keeps the archive's execute bits (a `bootstrap`).
        if (entry.mode & 0o111) await chmod(path, 0o755);
      }
      await mkdir(scratch, { recursive: true });
      await mkdir(dirname(dir), { recursive: true });
      await rename(scratch, dir).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error; // unpacked before: the same bytes
        await rm(scratch, { recursive: true, force: true });
      });
    } catch (error) {
      await rm(scratch, { recursive: true, force: true });
      throw error;
    }
    return { dir, sha256: digest.toString('base64'), size: zip.length };
  }

  /** Removes the function's packages except those in `keep` (directories still named by its $LATEST or versions). */
  async prune(functionName: string, keep: ReadonlySet<string>): Promise<void> {
    const base = join(this.#root, functionName);
    let names: string[];
    try {
      names = await readdir(base);
    } catch {
      return;
    }
    for (const name of names) {
      const dir = join(base, name);
      if (!keep.has(dir)) await rm(dir, { recursive: true, force: true });
    }
    // A deleted function's directory goes too (if a create of the name put nothing there meanwhile).
    if (keep.size === 0) await rmdir(base).catch(() => undefined);
  }
}
