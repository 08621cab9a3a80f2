import { startTestServiceHost } from './test-service-host';

export interface TlsTestPostgres {
  port: number;
  /** postgres://postgres:postgres@127.0.0.1:<port>/postgres, without TLS settings. */
  serverUrl: string;
  /** The server's data folder, where it reads server.crt and server.key. */
  dataDir: string;
  stop(): Promise<void>;
}

/** A PostgreSQL 16 of the test's own with ssl=on and the given certificate and key (PEM files). */
export async function startTlsTestPostgres(tls: {
  certFile: string;
  keyFile: string;
}): Promise<TlsTestPostgres> {
  const host = await startTestServiceHost<{ port: number; serverUrl: string; dataDir: string }>(
    'tls-postgres',
    { tls },
  );
  return { ...host.ready, stop: host.stop };
}
