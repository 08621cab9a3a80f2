import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createMetricsStore, isRetriableError, runMigrations } from '@metrics-store/metrics-db';
import { startTlsTestPostgres, type TlsTestPostgres } from '@metrics-store/testing';
import { portAnswers } from './free-port';
import { LOCAL_DIR } from './local-paths';
import { installServerCertificate } from './postgres-server-certificate';
import { waitUntil } from '@metrics-store/runtime';
import {
  createCertificateAuthority,
  issueServerCertificate,
  type CertificateFiles,
} from './test-certificates';

const PROJECT = '6f1c2a7e-0000-4000-8000-0000000000aa';

/**
 * DATABASE_URL with TLS (docs/operations.md) against a PostgreSQL 16 of the test's own with ssl=on, as the
 * apps connect: node-postgres reads sslmode and sslrootcert from the URL (pg-connection-string).
 */
describe('PostgreSQL over TLS through DATABASE_URL', () => {
  const dir = join(LOCAL_DIR, 'test-services', `postgres-tls-certificates-${process.pid}`);
  let server: TlsTestPostgres;
  let ca: CertificateFiles;
  let otherCa: CertificateFiles;

  const url = (query: Record<string, string>) => `${server.serverUrl}?${new URLSearchParams(query)}`;
  /** What the server says about this connection's TLS (pg_stat_ssl), through a plain node-postgres client. */
  const sslOf = async (connectionString: string) => {
    const client = new Client({ connectionString });
    await client.connect();
    try {
      const { rows } = await client.query<{ ssl: boolean; version: string | null }>(
        'SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
      );
      return rows[0];
    } finally {
      await client.end();
    }
  };
  const connectError = (connectionString: string) =>
    sslOf(connectionString).then(
      () => undefined,
      (error: unknown) => error as Error & { code?: string },
    );

  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    ca = createCertificateAuthority(join(dir, 'ca'), 'metrics-store test CA');
    otherCa = createCertificateAuthority(join(dir, 'other-ca'), 'another CA');
    const certificate = issueServerCertificate(ca, join(dir, 'server'), 'postgres', [
      '127.0.0.1',
      'localhost',
    ]);
    server = await startTlsTestPostgres(certificate);
  }, 120_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (!server) return;
    await server.stop();
    expect(await portAnswers(server.port)).toBe(false);
  }, 60_000);

  it('migrates and serves the store with sslmode=verify-full and the CA in sslrootcert', async () => {
    const databaseUrl = url({ sslmode: 'verify-full', sslrootcert: ca.certFile });
    expect(await sslOf(databaseUrl)).toEqual({ ssl: true, version: expect.stringMatching(/^TLSv1\.[23]$/) });
    await runMigrations(databaseUrl);
    const store = await createMetricsStore({
      databaseUrl,
      poolSize: 2,
      applicationName: 'postgres-tls-test',
    });
    try {
      await store.setProjectTimezone(PROJECT, 'Europe/Berlin');
      expect((await store.getProjectSettings(PROJECT)).timezone).toBe('Europe/Berlin');
    } finally {
      await store.close();
    }
  });

  it('verifies the certificate for sslmode=require too, unlike libpq, unless uselibpqcompat=true', async () => {
    // node-postgres 8 treats require (and prefer, verify-ca) as verify-full: with the CA it connects ...
    expect((await sslOf(url({ sslmode: 'require', sslrootcert: ca.certFile }))).ssl).toBe(true);
    // ... and without it a private CA is refused, where libpq would encrypt without checking.
    expect((await connectError(url({ sslmode: 'require' })))?.message).toMatch(
      /self-signed certificate|unable to verify/,
    );
    // With libpq's meaning, require encrypts and checks nothing.
    expect((await sslOf(url({ sslmode: 'require', uselibpqcompat: 'true' }))).ssl).toBe(true);
  });

  it('refuses a server whose certificate another CA signed, with an error that says so and is not retried', async () => {
    const databaseUrl = url({ sslmode: 'verify-full', sslrootcert: otherCa.certFile });
    const error = await connectError(databaseUrl);
    expect(error?.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    // Node 24 adds "; if the root CA is installed locally, try running Node.js with --use-system-ca".
    const untrusted = /^unable to verify the first certificate(;|$)/;
    expect(error?.message).toMatch(untrusted);
    // What the apps get: a database error that waiting cannot fix, so the consumer does not wait for it.
    const storeError = await createMetricsStore({ databaseUrl, poolSize: 1 }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(storeError).toBeInstanceOf(Error);
    expect((storeError as Error).message).toMatch(untrusted);
    expect(isRetriableError(storeError)).toBe(false);
  });

  it('checks the host name with verify-full but not with verify-ca in libpq mode', async () => {
    // The server now presents a certificate of the right CA for another name (pg_reload_conf reloads TLS).
    const elsewhere = issueServerCertificate(ca, join(dir, 'server'), 'elsewhere', ['db.example.internal']);
    installServerCertificate(server.dataDir, elsewhere);
    const admin = new Client({ connectionString: server.serverUrl });
    await admin.connect();
    try {
      await admin.query('SELECT pg_reload_conf()');
    } finally {
      await admin.end();
    }
    const verifyFull = url({ sslmode: 'verify-full', sslrootcert: ca.certFile });
    // The server reloads its configuration a moment after being asked to.
    await waitUntil(
      'the server to present the new certificate',
      async () => (await connectError(verifyFull)) !== undefined,
      10_000,
      100,
    );
    const error = await connectError(verifyFull);
    expect(error?.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(error?.message).toContain("Hostname/IP does not match certificate's altnames");
    expect(
      (await sslOf(url({ sslmode: 'verify-ca', sslrootcert: ca.certFile, uselibpqcompat: 'true' }))).ssl,
    ).toBe(true);
  });
});
