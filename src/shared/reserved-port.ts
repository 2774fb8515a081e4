import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A port bound before Eddy is ready to serve it, so a busy port fails the start before anything is
 * created. Connections made meanwhile wait, unread, and are served once an HTTP server takes the port
 * over (node:http's `listen(handle)` on the same socket): a client that connects early gets its answer
 * from the configured Eddy, never from a half-started one.
 */
export class ReservedPort {
  readonly #server: Server;
  readonly #waiting: Socket[] = [];
  /** Where it is bound (kept: the socket is the server's once handed over, and closed with it). */
  readonly address: AddressInfo;
  #handedOver = false;

  private constructor(server: Server) {
    this.#server = server;
    this.address = server.address() as AddressInfo;
    server.on('connection', (socket) => {
      socket.on('error', () => undefined); // a client giving up while it waits
      this.#waiting.push(socket);
    });
  }

  /** Binds `port` on `host` (0 picks a free one); rejects with EADDRINUSE (and `port`) when it is taken. */
  static bind(port: number, host: string): Promise<ReservedPort> {
    const server = createServer({ pauseOnConnect: true });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve(new ReservedPort(server));
      });
    });
  }

  /** `http://host:port`, with an IPv6 address in brackets. */
  get url(): string {
    const { address, family, port } = this.address;
    return `http://${family === 'IPv6' ? `[${address}]` : address}:${port}`;
  }

  /** `server` (an HTTP server, or a request processes' relay) listens on the bound socket from now on, and serves the connections that were waiting. */
  handOver(server: Server): Promise<AddressInfo> {
    this.#handedOver = true;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#server, () => {
        server.off('error', reject);
        for (const socket of this.#waiting.splice(0)) {
          server.emit('connection', socket);
          socket.resume();
        }
        resolve(server.address() as AddressInfo);
      });
    });
  }

  /** Frees the port without serving it (a start that failed): waiting connections are closed. */
  release(): Promise<void> {
    if (this.#handedOver) return Promise.resolve();
    for (const socket of this.#waiting.splice(0)) socket.destroy();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

/**
 * Binds Eddy's port and, when `app` is given, the application port: both or neither (the first is
 * released when the second is busy, or when `app`, a function told Eddy's URL, throws). Rejects with the
 * EADDRINUSE error of the busy one.
 */
export async function reservePorts(
  host: string,
  main: number,
  app: number | undefined | ((mainUrl: string) => Promise<number | undefined>),
): Promise<{ main: ReservedPort; app?: ReservedPort }> {
  const reserved = await ReservedPort.bind(main, host);
  try {
    const appPort = typeof app === 'function' ? await app(reserved.url) : app;
    if (appPort === undefined) return { main: reserved };
    return { main: reserved, app: await ReservedPort.bind(appPort, host) };
  } catch (error) {
    await reserved.release();
    throw error;
  }
}
