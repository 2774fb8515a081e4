import { execFileSync } from 'node:child_process';

/** Debian's chromium (.ci/run installs it), or CHROMIUM; undefined when there is none. */
export function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Why the browser tests cannot run here (their skip reason), or false when they can. */
export const noChromium = (): string | false => chromiumPath() === undefined && 'no chromium binary on the PATH (apt-get install chromium, as .ci/run does)';

/** What the tests touch of a <textarea> (the project compiles without the DOM's types). */
export type TextArea = { value: string; dispatchEvent(event: Event): boolean };

/** How long a test waits for the page to show something. */
export const WAIT = { timeout: 20_000 };
