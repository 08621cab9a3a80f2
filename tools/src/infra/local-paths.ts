import { join, resolve } from 'node:path';

/** The workspace root (this file lives in tools/src/infra). Kept free of path aliases: Jest's global setup loads it. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
/** Local state, ignored by git (README.md). */
export const LOCAL_DIR = join(REPO_ROOT, '.local');
export const KAFKA_LIBS_DIR = join(LOCAL_DIR, 'kafka', 'libs');
export const KAFKA_POM = join(REPO_ROOT, 'tools', 'kafka', 'pom.xml');
/** The broker settings shared by compose, Testcontainers and the local broker. */
export const BROKER_PROPERTIES = join(REPO_ROOT, 'tools', 'kafka', 'broker.properties');
/** State of the services `npm run infra:up` keeps running in the background. */
export const INFRA_DIR = join(LOCAL_DIR, 'infra');
export const INFRA_ENV_FILE = join(LOCAL_DIR, 'infra.env');
export const LOGS_DIR = join(LOCAL_DIR, 'logs');
