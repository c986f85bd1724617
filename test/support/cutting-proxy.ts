import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A loopback TCP relay in front of the center. Armed with a byte budget, it calls `onCut` once the
 * client has sent that much and drops every connection: a deterministic "cable pulled mid-upload".
 */
export class CuttingProxy {
  #server: Server;
  #sockets = new Set<Socket>();
  #budget = Infinity;
  #onCut: () => void = () => undefined;
  #offline = false;

  /** `target` is the center's port, or where to find it once the center has started. */
  private constructor(target: number | (() => number)) {
    this.#server = createServer((client) => {
      if (this.#offline) {
        client.destroy();
        return;
      }
      const upstream = connect(typeof target === 'number' ? target : target(), '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.on('error', () => this.#drop());
        socket.on('close', () => this.#sockets.delete(socket));
      }
      client.on('data', (chunk: Buffer) => {
        this.#budget -= chunk.length;
        if (this.#budget <= 0) return this.#cut();
        upstream.write(chunk);
      });
      upstream.pipe(client);
      client.on('end', () => upstream.end());
    });
  }

  static async start(target: number | (() => number)): Promise<{ proxy: CuttingProxy; url: string }> {
    const proxy = new CuttingProxy(target);
    await new Promise<void>((resolve) => proxy.#server.listen(0, '127.0.0.1', resolve));
    return { proxy, url: `http://127.0.0.1:${(proxy.#server.address() as AddressInfo).port}` };
  }

  cutAfter(bytes: number, onCut: () => void): void {
    this.#budget = bytes;
    this.#onCut = onCut;
  }

  /** The network is down: every connection, open or new, is dropped until it comes back. */
  setOffline(offline: boolean): void {
    this.#offline = offline;
    if (offline) this.#drop();
  }

  #cut(): void {
    this.#budget = Infinity;
    this.#onCut();
    this.#drop();
  }

  #drop(): void {
    for (const socket of this.#sockets) socket.destroy();
  }

  close(): Promise<void> {
    this.#drop();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
