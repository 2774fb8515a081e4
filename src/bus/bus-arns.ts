import type { Deployment } from '../shared/arns.js';

/** The bus every account has; it cannot be deleted and needs no CreateEventBus. */
export const DEFAULT_BUS = 'default';

const prefix = (d: Deployment): string => `arn:aws:events:${d.region}:${d.account}:`;

export const busArn = (d: Deployment, bus: string): string => `${prefix(d)}event-bus/${bus}`;

/** Rules of the default bus leave the bus out: `rule/<rule>`; others `rule/<bus>/<rule>` (observed). */
export const ruleArn = (d: Deployment, bus: string, rule: string): string =>
  bus === DEFAULT_BUS ? `${prefix(d)}rule/${rule}` : `${prefix(d)}rule/${bus}/${rule}`;

export const archiveArn = (d: Deployment, archive: string): string => `${prefix(d)}archive/${archive}`;

export const replayArn = (d: Deployment, replay: string): string => `${prefix(d)}replay/${replay}`;

/** Connections and API destinations carry a generated id after the name: `connection/<name>/<id>`. */
export const connectionArn = (d: Deployment, connection: string, id: string): string => `${prefix(d)}connection/${connection}/${id}`;

export const apiDestinationArn = (d: Deployment, destination: string, id: string): string =>
  `${prefix(d)}api-destination/${destination}/${id}`;

/** A connection or API destination an ARN names: its name and the id after it. */
export interface NamedResource {
  readonly name: string;
  readonly id: string;
}

/** The connection a `connection/<name>/<id>` ARN of this deployment names; undefined for any other ARN. */
export const connectionOfArn = (d: Deployment, arn: string): NamedResource | undefined => namedResource(d, arn, 'connection/');

/** The API destination an `api-destination/<name>/<id>` ARN of this deployment names; undefined for any other ARN. */
export const apiDestinationOfArn = (d: Deployment, arn: string): NamedResource | undefined => namedResource(d, arn, 'api-destination/');

function namedResource(d: Deployment, arn: string, type: string): NamedResource | undefined {
  const own = `${prefix(d)}${type}`;
  if (!arn.startsWith(own)) return undefined;
  const match = /^([.\-_A-Za-z0-9]+)\/([-A-Za-z0-9]+)$/.exec(arn.slice(own.length));
  return match ? { name: match[1]!, id: match[2]! } : undefined;
}

/**
 * The bus a request names by name or by ARN (EventBusName members accept both; the default bus when
 * absent). An ARN of another account or region names a bus Eddy cannot have: undefined.
 */
export function busNameOf(d: Deployment, nameOrArn: string | undefined): string | undefined {
  if (nameOrArn === undefined) return DEFAULT_BUS;
  if (!nameOrArn.startsWith('arn:')) return nameOrArn;
  const own = `${prefix(d)}event-bus/`;
  return nameOrArn.startsWith(own) && nameOrArn.length > own.length ? nameOrArn.slice(own.length) : undefined;
}

/** What a taggable resource ARN (TagResource and friends) names. */
export type EventsResource = { readonly kind: 'bus'; readonly bus: string } | { readonly kind: 'rule'; readonly bus: string; readonly rule: string };

/** A bus or rule ARN of this deployment, or undefined for anything else. */
export function resourceOfArn(d: Deployment, arn: string): EventsResource | undefined {
  if (!arn.startsWith(prefix(d))) return undefined;
  const resource = arn.slice(prefix(d).length);
  if (resource.startsWith('event-bus/')) {
    const bus = resource.slice('event-bus/'.length);
    return bus === '' ? undefined : { kind: 'bus', bus };
  }
  if (!resource.startsWith('rule/')) return undefined;
  const path = resource.slice('rule/'.length);
  const slash = path.lastIndexOf('/');
  const rule = path.slice(slash + 1);
  const bus = slash === -1 ? DEFAULT_BUS : path.slice(0, slash);
  return rule === '' || bus === '' ? undefined : { kind: 'rule', bus, rule };
}
