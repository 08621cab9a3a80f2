import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export type ProxyMode = 'forward' | 'refuse' | 'blackhole';

export interface TcpFaultProxy {
  /** `targetUrl` with the proxy's host and port. */
  url: string;
  /**
   * `forward`: pass bytes both ways. `refuse`: cut every connection and close the port (connection refused,
   * as when the server is down). `blackhole`: cut every connection, then accept new ones and never answer
   * (as when the host is unreachable).
   */
  setMode(mode: ProxyMode): Promise<void>;
  close(): Promise<void>;
}

/**
 * A TCP proxy on a loopback port in front of the server of a postgres:// URL, whose faults the test turns
 * on and off: the server stays up for everyone else while the code under test loses it.
 */
export async function startTcpFaultProxy(targetUrl: string): Promise<TcpFaultProxy> {
  const target = new URL(targetUrl);
  const targetPort = Number(target.port || 5432);
  const sockets = new Set<Socket>();
  let mode: ProxyMode = 'forward';
  let server: Server | undefined;
  let port = 0;

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };

  const onConnection = (client: Socket) => {
    track(client);
    if (mode === 'blackhole') return;
    const upstream = connect(targetPort, target.hostname);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const listening = createServer(onConnection);
      listening.once('error', reject);
      listening.listen(port, '127.0.0.1', () => {
        port = (listening.address() as AddressInfo).port;
        server = listening;
        resolve();
      });
    });

  const stopListening = () =>
    new Promise<void>((resolve) => {
      const closing = server;
      server = undefined;
      if (closing) closing.close(() => resolve());
      else resolve();
    });

  const cutAll = () => {
    for (const socket of sockets) socket.destroy();
  };

  await listen();
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);

  return {
    url: url.toString(),
    async setMode(next) {
      mode = next;
      cutAll();
      if (next === 'refuse') await stopListening();
      else if (!server) await listen();
    },
    async close() {
      cutAll();
      await stopListening();
    },
  };
}
