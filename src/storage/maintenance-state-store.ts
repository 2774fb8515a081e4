/**
 * The storage contract for what singleton maintenance keeps between runs (the TTL sweep's cursor): small
 * named values shared by every node on the database, so a node that becomes the maintenance leader goes on
 * where the previous one stopped. The value is the domain's text (JSON), stored as given.
 */
export interface MaintenanceStateStore {
  /** The value stored under `name`, or undefined when none is. */
  get(name: string): Promise<string | undefined>;
  /** Replaces the value under `name`; undefined deletes it. */
  put(name: string, value: string | undefined): Promise<void>;
}
