import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { answerClientErrors } from './http/client-error.handler';

export interface ApiServer {
  server: Server;
  port: number;
  /** Stops accepting, closes idle keep-alive sockets, resolves once in-flight requests have finished. */
  stop(): Promise<void>;
}

export async function startApiServer(app: Express, port: number, host?: string): Promise<ApiServer> {
  const server = host === undefined ? app.listen(port) : app.listen(port, host);
  answerClientErrors(server);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  let stopping: Promise<void> | undefined;
  return {
    server,
    port: (server.address() as AddressInfo).port,
    stop: () =>
      (stopping ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Idle keep-alive sockets would hold close() open; busy ones are closed once their answer is sent.
        server.closeIdleConnections();
      })),
  };
}
