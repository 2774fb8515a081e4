import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `eddy-functions-<pid>-<random>`: the pid tells a directory whose Eddy is gone. */
const ORPHAN = /^eddy-functions-(\d+)-[A-Za-z0-9]+$/;

/**
 * A scratch directory for the code of functions made through the Lambda API, for an Eddy without a data
 * directory; named with this process's id. Eddy removes it when it stops. One whose process was killed
 * (kill -9, a test runner's timeout) is removed here, by the next Eddy without a data directory on the
 * machine, once that process is gone: they used to pile up in the temporary directory.
 */
export function scratchCodeDirectory(parent = tmpdir()): string {
  removeOrphans(parent);
  return mkdtempSync(join(parent, `eddy-functions-${process.pid}-`));
}

function removeOrphans(parent: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(ORPHAN.exec(name)?.[1] ?? Number.NaN);
    if (Number.isNaN(pid) || pid === process.pid || alive(pid)) continue;
    try {
      rmSync(join(parent, name), { recursive: true, force: true });
    } catch {
      // another user's, or going away meanwhile: not ours to insist on
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}
