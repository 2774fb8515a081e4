import { createHash, randomUUID } from 'node:crypto';
import { chmod, mkdir, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CodePackage, FunctionStore } from '../../storage/function-store.js';
import type { FunctionCode } from '../functions/function-document.js';
import { readZip, type ZipFileEntry } from './zip-archive.js';

/** A deployment package unpacked: where, Lambda's CodeSha256 (base64 SHA-256 of the zip) and CodeSize, and the package to store. */
export interface UnpackedCode {
  readonly dir: string;
  readonly sha256: string;
  readonly size: number;
  readonly package: CodePackage;
}

const exists = (path: string): Promise<boolean> => stat(path).then(() => true, () => false);

/**
 * This node's copies of API-created functions' code: `<root>/<function>/<sha256 hex>/`, one directory
 * per package. The truth is the FunctionStore, which keeps each zip with the function that names it: a
 * node asked to run a package it has not got unpacks it from there first (`local`). The directory's name
 * is the package's digest, so a directory that exists holds that version; a package is unpacked into a
 * scratch directory and renamed into place, so a directory that exists is complete, also when several
 * nodes share the root.
 */
export class CodeDirectory {
  readonly #root: string;
  /** Unpacks from the store under way, by directory: concurrent deploys of one package wait for the one. */
  readonly #unpacking = new Map<string, Promise<string>>();

  constructor(root: string) {
    this.#root = root;
  }

  /** Checks and unpacks an uploaded zip (Lambda's errors for a bad or oversized one); the same package twice is unpacked once. */
  async unpack(functionName: string, zip: Buffer): Promise<UnpackedCode> {
    const entries = readZip(zip);
    const sha256 = createHash('sha256').update(zip).digest('base64');
    const dir = this.#dirOf(functionName, sha256);
    await this.#place(dir, entries);
    return { dir, sha256, size: zip.length, package: { sha256, zip } };
  }

  /**
   * The code as this node runs it: a zip's directory here, unpacked from the store when this node has
   * not got it (a package uploaded through another node, or a node whose scratch directory is new). A
   * function stored before packages were (one node, its data directory) has no package: the directory
   * its document names serves while it exists. Throws when the package is missing or is not what its
   * digest says — the caller deploys the function broken, saying why.
   */
  async local(store: FunctionStore, functionName: string, code: FunctionCode): Promise<FunctionCode> {
    if (code.kind !== 'zip') return code;
    const dir = this.#dirOf(functionName, code.sha256);
    if (await exists(dir)) return { ...code, dir };
    let unpacking = this.#unpacking.get(dir);
    if (unpacking === undefined) {
      unpacking = this.#fromStore(store, functionName, code, dir).finally(() => this.#unpacking.delete(dir));
      this.#unpacking.set(dir, unpacking);
    }
    return { ...code, dir: await unpacking };
  }

  /** Removes this node's copies of the function's packages except those of `keep` (its $LATEST and versions; none once deleted). */
  async prune(functionName: string, keep: readonly FunctionCode[]): Promise<void> {
    const base = join(this.#root, functionName);
    const kept = new Set(keep.filter((code) => code.kind === 'zip').map((code) => this.#dirOf(functionName, code.sha256)));
    let names: string[];
    try {
      names = await readdir(base);
    } catch {
      return;
    }
    for (const name of names) {
      const dir = join(base, name);
      if (!kept.has(dir)) await rm(dir, { recursive: true, force: true });
    }
    // A deleted function's directory goes too (if a create of the name put nothing there meanwhile).
    if (keep.length === 0) await rmdir(base).catch(() => undefined);
  }

  async #fromStore(store: FunctionStore, functionName: string, code: FunctionCode, dir: string): Promise<string> {
    const zip = await store.codePackage(functionName, code.sha256);
    if (zip === undefined) {
      if (await exists(code.dir)) return code.dir;
      throw new Error(`the code package ${code.sha256} of function ${functionName} is not in storage`);
    }
    const actual = createHash('sha256').update(zip).digest('base64');
    if (actual !== code.sha256) throw new Error(`the stored code package ${code.sha256} of function ${functionName} has the digest ${actual}`);
    await this.#place(dir, readZip(Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength)));
    return dir;
  }

  #dirOf(functionName: string, sha256: string): string {
    return join(this.#root, functionName, Buffer.from(sha256, 'base64').toString('hex'));
  }

  /** Writes the entries into a scratch directory and renames it to `dir` (kept as it is when it exists: the same bytes). */
  async #place(dir: string, entries: readonly ZipFileEntry[]): Promise<void> {
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
  }
}
