import { fileURLToPath } from 'node:url';

/**
 * A handler's stack trace without Eddy in it: the frames of Eddy's own files (the worker script that
 * calls the handler, the bundle's esbuild and require shims, whose positions map to no source) are
 * dropped, and so is everything below the handler's last frame — the chain of Eddy's and Node's
 * internals that led to the call. The message lines and the user's frames (source-mapped, installed
 * packages included) stay. A trace with no frame of Eddy's (a crash in a timer) is left as it is.
 *
 * `eddyFiles` are file: URLs; frames name them as URLs or as paths.
 */
export function userFrames(trace: readonly string[], eddyFiles: readonly string[]): string[] {
  const names = eddyFiles.flatMap((url) => (url.startsWith('file:') ? [url, fileURLToPath(url)] : [url]));
  const isEddy = (line: string) => names.some((name) => line.includes(`(${name}:`) || line.includes(` ${name}:`));
  const frames = trace.map((line) => (isFrame(line) ? (isEddy(line) ? 'eddy' : isUserFrame(line) ? 'user' : 'other') : 'message'));
  if (!frames.includes('eddy')) return [...trace];
  const lastUser = frames.lastIndexOf('user');
  return trace.filter((_, i) => frames[i] === 'message' || (frames[i] !== 'eddy' && i <= lastUser));
}

const isFrame = (line: string): boolean => /^\s+at /.test(line);

/** A frame in a file (`at f (/app/src/x.ts:3:9)`, `at file:///app/x.mjs:1:1`), not in Node itself or native code. */
function isUserFrame(line: string): boolean {
  const location = /\(([^()]*)\)$/.exec(line)?.[1] ?? line.replace(/^\s+at (async )?/, '');
  return /:\d+:\d+$/.test(location) && !location.startsWith('node:');
}
