// The hash of what console/dist is built from: every file under console/src, the build script and the
// lock file, by path and content. build.mjs records it in dist/build.json; a test compares it with the
// sources checked out, so a commit that changed the console without rebuilding it is caught.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]));
}

export function sourcesHash(root = here) {
  const hash = createHash('sha256');
  const inputs = [...files(join(root, 'src')), join(root, 'build.mjs'), join(root, 'package-lock.json')];
  for (const path of inputs.map((p) => relative(root, p).split('\\').join('/')).sort()) {
    hash.update(`${path}\n`);
    hash.update(readFileSync(join(root, path)));
    hash.update('\n');
  }
  return hash.digest('hex');
}
