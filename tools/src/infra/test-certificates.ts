import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';

/** A PEM certificate and its unencrypted PKCS#8 private key. */
export interface CertificateFiles {
  certFile: string;
  keyFile: string;
}

const VALID_DAYS = '2';
// P-256 keys take milliseconds to make, RSA keys up to a second; Node, the JDK and PostgreSQL's OpenSSL all
// take them.
const NEW_KEY: [string, string][] = [
  ['-newkey', 'ec'],
  ['-pkeyopt', 'ec_paramgen_curve:prime256v1'],
];

/** Runs openssl with a command and its options, given as (flag, value) pairs. */
function openssl(command: string[], options: [string, string][]): void {
  const args = [...command, ...options.flat()];
  const result = spawnSync('openssl', args, { encoding: 'utf8' });
  if (result.error) throw new Error(`openssl could not be run (is it installed?): ${result.error.message}`);
  if (result.status !== 0) throw new Error(`openssl ${command.join(' ')} failed:\n${result.stderr}`);
}

const randomSerial = () => `0x${randomBytes(8).toString('hex')}`;

/** A throw-away certificate authority for tests: valid two days, trusted by nobody until a test says so. */
export function createCertificateAuthority(dir: string, commonName: string): CertificateFiles {
  mkdirSync(dir, { recursive: true });
  const files = { certFile: join(dir, 'ca.pem'), keyFile: join(dir, 'ca.key') };
  openssl(
    ['req', '-x509', '-nodes'],
    [
      ...NEW_KEY,
      ['-keyout', files.keyFile],
      ['-out', files.certFile],
      ['-days', VALID_DAYS],
      ['-subj', `/CN=${commonName}`],
      ['-set_serial', randomSerial()],
      ['-addext', 'basicConstraints=critical,CA:TRUE'],
      ['-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    ],
  );
  return files;
}

/**
 * A server certificate signed by `ca` for the given host names and IP addresses (all in subjectAltName, which
 * is what TLS clients check; the first one is also the common name).
 */
export function issueServerCertificate(
  ca: CertificateFiles,
  dir: string,
  name: string,
  hosts: string[],
): CertificateFiles {
  if (hosts.length === 0) throw new Error('a server certificate needs at least one host name or IP address');
  mkdirSync(dir, { recursive: true });
  const files = { certFile: join(dir, `${name}.pem`), keyFile: join(dir, `${name}.key`) };
  const request = join(dir, `${name}.csr`);
  const extensions = join(dir, `${name}.ext`);
  const altNames = hosts.map((host) => (isIP(host) ? `IP:${host}` : `DNS:${host}`)).join(',');
  writeFileSync(
    extensions,
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      `subjectAltName=${altNames}`,
      '',
    ].join('\n'),
  );
  openssl(
    ['req', '-new', '-nodes'],
    [...NEW_KEY, ['-keyout', files.keyFile], ['-out', request], ['-subj', `/CN=${hosts[0]}`]],
  );
  openssl(
    ['x509', '-req'],
    [
      ['-in', request],
      ['-CA', ca.certFile],
      ['-CAkey', ca.keyFile],
      ['-set_serial', randomSerial()],
      ['-days', VALID_DAYS],
      ['-extfile', extensions],
      ['-out', files.certFile],
    ],
  );
  return files;
}

/** The certificate and key as one PKCS#12 keystore, the format the JDK (and so the Kafka broker) reads. */
export function writePkcs12Keystore(certificate: CertificateFiles, file: string, password: string): string {
  openssl(
    ['pkcs12', '-export'],
    [
      ['-in', certificate.certFile],
      ['-inkey', certificate.keyFile],
      ['-name', 'server'],
      ['-out', file],
      ['-passout', `pass:${password}`],
    ],
  );
  return file;
}
