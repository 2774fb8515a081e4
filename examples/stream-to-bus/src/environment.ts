/** The function's settings, from the environment its configuration gives it (eddy.config.ts here, the template on AWS). */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`environment variable ${name} is not set`);
  return value;
}
