import { DEFAULT_BUS } from '../bus/bus-arns.js';
import { ARCHIVE_NAME, BUS_NAME, DESCRIPTION } from './bus-name-rules.js';
import { at, type ConfigChecker, type ConfigPath } from './config-checker.js';
import type { NormalizedArchive, NormalizedBus } from './normalized-bus.js';
import { validateEventPattern } from './validate-rule-triggers.js';

/** The config's custom `buses`; `default` always exists and is not declared. */
export function validateBuses(check: ConfigChecker, raw: unknown, path: ConfigPath): Record<string, NormalizedBus> {
  const out: Record<string, NormalizedBus> = {};
  const buses = check.object(raw, path);
  if (!buses) return out;
  for (const [name, value] of Object.entries(buses)) {
    const busPath = at(path, name);
    if (name === DEFAULT_BUS) {
      check.problem(busPath, 'the default bus always exists: declare custom buses only');
      continue;
    }
    const named = check.string(name, busPath, BUS_NAME) !== undefined;
    const bus = check.object(value, busPath, ['description']);
    if (!bus) continue;
    const description = bus['description'] === undefined ? null : check.string(bus['description'], at(busPath, 'description'), DESCRIPTION);
    if (named && description !== undefined) out[name] = description === null ? {} : { description };
  }
  return out;
}

/** The config's `archives`: each keeps its bus's events (those its pattern matches) for `retentionDays` (0: forever). */
export function validateArchives(check: ConfigChecker, raw: unknown, path: ConfigPath): Record<string, NormalizedArchive> {
  const out: Record<string, NormalizedArchive> = {};
  const archives = check.object(raw, path);
  if (!archives) return out;
  for (const [name, value] of Object.entries(archives)) {
    const archivePath = at(path, name);
    const named = check.string(name, archivePath, ARCHIVE_NAME) !== undefined;
    const archive = check.object(value, archivePath, ['bus', 'pattern', 'retentionDays', 'description']);
    if (!archive) continue;
    const field = (key: string) => at(archivePath, key);
    const bus = check.present(archive['bus'], field('bus')) ? check.string(archive['bus'], field('bus'), BUS_NAME) : undefined;
    const pattern = archive['pattern'] === undefined ? null : validateEventPattern(check, archive['pattern'], field('pattern'));
    const days = archive['retentionDays'];
    const retentionDays =
      days === undefined ? 0 : typeof days === 'number' && Number.isInteger(days) && days >= 0 && days <= 2 ** 31 - 1 ? days : check.expected(field('retentionDays'), 'a whole number of days (0: kept forever)', days);
    const description = archive['description'] === undefined ? null : check.string(archive['description'], field('description'), DESCRIPTION);
    if (!named || bus === undefined || pattern === undefined || retentionDays === undefined || description === undefined) continue;
    out[name] = { bus, ...(pattern && { pattern }), retentionDays, ...(description !== null && { description }) };
  }
  return out;
}
