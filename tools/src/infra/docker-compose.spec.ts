import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DEAD_LETTER_RETENTION_MS, deadLetterMaxMessageBytes } from '@metrics-store/metrics-contract';
import { REPO_ROOT } from './local-paths';

interface ComposeService {
  image?: string;
  command?: string[];
  build?: { dockerfile: string };
  ports?: string[];
  environment?: Record<string, string | number>;
  healthcheck?: { test: string[] };
}

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
const compose = parse(read('docker-compose.yml')) as { services: Record<string, ComposeService> };
const APPS = { 'metrics-api': 3000, 'enriched-consumer': 9464 };

// `docker compose config` needs a Docker engine; this reads the same file and checks what it would resolve.
describe('docker-compose.yml and the Dockerfiles', () => {
  it('publishes every port on 127.0.0.1 only', () => {
    const ports = Object.entries(compose.services).flatMap(([name, service]) =>
      (service.ports ?? []).map((port) => `${name} ${port}`),
    );
    expect(ports.length).toBeGreaterThanOrEqual(4);
    expect(ports.filter((entry) => !/^\S+ 127\.0\.0\.1:/.test(entry))).toEqual([]);
  });

  it('makes the DLQ topic take more than its source topic, room for the headers of any record it accepted, and keep records 7 days', () => {
    const command = (compose.services['kafka-topics'].command ?? []).join(' ');
    const configOf = (topic: string, name: string) =>
      Number(
        new RegExp(
          `--topic ${topic.replace(/\./g, '\\.')} [^&]*--config ${name.replace(/\./g, '\\.')}=(\\d+)`,
        ).exec(command)?.[1],
      );
    const limitOf = (topic: string) => configOf(topic, 'max.message.bytes');
    expect(limitOf('events.enriched.dlq')).toBe(deadLetterMaxMessageBytes(limitOf('events.enriched')));
    expect(limitOf('events.enriched')).toBeGreaterThan(0);
    expect(configOf('events.enriched.dlq', 'retention.ms')).toBe(DEAD_LETTER_RETENTION_MS);
    expect(configOf('events.enriched', 'retention.ms')).toBeNaN();
  });

  it("serves the API's /metrics on its ops port, published beside PORT and exposed by its image", () => {
    const api = compose.services['metrics-api'];
    expect(api.environment?.API_OPS_PORT).toBe(9465);
    expect(api.ports).toEqual(['127.0.0.1:${PORT:-3000}:3000', '127.0.0.1:${API_OPS_PORT:-9465}:9465']);
    expect(read('apps/metrics-api/Dockerfile')).toMatch(/^EXPOSE 3000 9465$/m);
  });

  it("takes the admin token from npm start's environment, with no default", () => {
    expect(compose.services['metrics-api'].environment?.ADMIN_TOKEN).toMatch(/^\$\{ADMIN_TOKEN:\?[^}]+\}$/);
    for (const file of ['docker-compose.yml', '.env.example', 'apps/metrics-api/Dockerfile', 'README.md'])
      expect(read(file)).not.toMatch(/change-?me/i);
  });

  it('checks each app through /readyz with Node itself (no curl or wget in the image)', () => {
    for (const [name, port] of Object.entries(APPS)) {
      const test = compose.services[name].healthcheck?.test ?? [];
      expect(test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
      expect(test[3]).toContain(`fetch('http://127.0.0.1:${port}/readyz')`);
      expect(test[3]).toContain('process.exit(r.ok ? 0 : 1)');
    }
  });

  it('builds the apps on the Node.js 24 of .nvmrc (what CI tests on) and runs PostgreSQL 16 and Kafka 4.1', () => {
    const pinned = read('.nvmrc').trim();
    expect(pinned).toMatch(/^24\.\d+\.\d+$/);
    for (const name of Object.keys(APPS)) {
      const dockerfile = read(compose.services[name].build?.dockerfile ?? '');
      expect(/^ARG NODE_VERSION=(\S+)$/m.exec(dockerfile)?.[1]).toBe(pinned);
      const from = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((match) => match[1]);
      expect(from).toEqual(['node:${NODE_VERSION}-bookworm-slim', 'node:${NODE_VERSION}-bookworm-slim']);
    }
    expect(compose.services.postgres.image).toBe('postgres:16');
    expect(compose.services.kafka.image).toMatch(/^apache\/kafka:4\.1\.\d+$/);
  });

  it('keeps secrets, local state and build output out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.env', '.env.*', '.local', 'dist', 'node_modules']));
  });
});
