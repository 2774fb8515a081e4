import type { NormalizedHttpApi, NormalizedRoute } from '../config/normalized-config.js';
import { ReservedPort } from '../shared/reserved-port.js';
import { AppServer, type AppServerOptions } from './app-server.js';

export type AppPortOptions = Omit<AppServerOptions, 'routes' | 'cors'> & { port: number; host: string };

/**
 * The application port over time: served from the start when the config declares routes, given the
 * new routes and CORS when `eddy dev` applies an edited config, and opened then if routes appear.
 * Routes all removed leave the port open, answering API Gateway's 404.
 */
export class AppPort {
  readonly #options: AppPortOptions;
  #server: AppServer | undefined;
  #endpoint: string | undefined;

  constructor(options: AppPortOptions) {
    this.#options = options;
  }

  /** e.g. http://127.0.0.1:3000, once the port is served. */
  get endpoint(): string | undefined {
    return this.#endpoint;
  }

  get routes(): readonly NormalizedRoute[] {
    return this.#server?.routes ?? [];
  }

  /** Serves `api`: on `reserved` when given (bound at start), else binding the configured port now. */
  async serve(api: NormalizedHttpApi | undefined, reserved?: ReservedPort): Promise<void> {
    if (this.#server !== undefined) {
      this.#server.setApi(api?.routes ?? [], api?.cors);
      return;
    }
    if (api === undefined || api.routes.length === 0) return;
    const port = reserved ?? (await ReservedPort.bind(this.#options.port, this.#options.host));
    const server = new AppServer({ ...this.#options, routes: api.routes, ...(api.cors && { cors: api.cors }) });
    await server.listenOn(port);
    this.#server = server;
    this.#endpoint = port.url;
    // At start the ready message names it; opened later (`eddy dev`), this line does.
    if (reserved === undefined) this.#options.logger.info(`app: routes served on ${port.url}`);
  }

  /** Stops accepting, lets requests in flight finish. */
  async close(): Promise<void> {
    await this.#server?.close();
  }
}
