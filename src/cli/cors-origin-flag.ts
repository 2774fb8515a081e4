import { normalizedOrigin } from '../api/cors.js';

/**
 * `--cors-origin ORIGIN` (repeatable) / EDDY_CORS_ORIGINS (comma-separated): the origins web pages may call
 * the AWS APIs from, as browsers write them, or why one is not an origin. The flags replace the variable,
 * which may be set for every run. Undefined: the default (loopback pages and the console; src/api/cors.ts).
 */
export function corsOriginFlags(values: { 'cors-origin'?: string[] | undefined }, env: NodeJS.ProcessEnv = process.env): string[] | undefined | string {
  const given = values['cors-origin'] ?? env.EDDY_CORS_ORIGINS?.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  if (given === undefined || given.length === 0) return undefined;
  const origins: string[] = [];
  for (const origin of given) {
    const normal = normalizedOrigin(origin);
    if (normal === undefined) return `--cors-origin must be an origin (scheme://host[:port], e.g. https://app.example:8443) or * for any, got '${origin}'`;
    origins.push(normal);
  }
  return origins;
}
