// A template's config and an eddy.config's together: the config adds to the template and, where both name
// the same table, queue, function, rule, … , its entry replaces the template's whole.
import type { EddyConfig } from '../../config/config-types.js';

export function mergeConfigs(template: EddyConfig, config: unknown): unknown {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) return config; // validation reports it
  const merged: Record<string, unknown> = { ...(template as Record<string, unknown>) };
  for (const [section, value] of Object.entries(config as Record<string, unknown>)) {
    const base = merged[section];
    if (section === 'http' && isObject(base) && isObject(value)) {
      merged[section] = { ...base, ...value, routes: { ...(isObject(base['routes']) ? base['routes'] : {}), ...(isObject(value['routes']) ? value['routes'] : {}) } };
    } else if (section !== 'auth' && isObject(base) && isObject(value)) {
      merged[section] = { ...base, ...value };
    } else {
      merged[section] = value;
    }
  }
  return merged;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
