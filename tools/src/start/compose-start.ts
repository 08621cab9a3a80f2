import { spawnSync } from 'node:child_process';
import { loadLocalEnvFiles } from '@metrics-store/runtime';
import { REPO_ROOT } from '../infra/local-paths';
import { ensureAdminToken } from './admin-token';
import { ensureVisitorKeySecret } from './visitor-key-secret';
import { appLogSettings } from './app-log.settings';
import { startBanner } from './start.banner';

/**
 * The variables docker-compose.yml takes from the environment: the admin token and the visitor key secret
 * (compose has no default for either and refuses to start without them), the published ports (the API's, its
 * ops port, the consumer's) and the apps' log format.
 */
export function composeEnvironment(
  env: NodeJS.ProcessEnv,
  secrets: { adminToken: string; visitorKeySecret: string },
  terminal: boolean,
): NodeJS.ProcessEnv {
  return {
    ...env,
    ADMIN_TOKEN: secrets.adminToken,
    VISITOR_KEY_SECRET: secrets.visitorKeySecret,
    PORT: env.PORT || '3000',
    API_OPS_PORT: env.API_OPS_PORT || '9465',
    CONSUMER_HTTP_PORT: env.CONSUMER_HTTP_PORT || '9464',
    ...appLogSettings(env, terminal),
  };
}

/**
 * `npm start` where a Docker engine answers: `docker compose up --build`, with the admin token made (or kept)
 * as on the local path, printed before the containers' logs. Returns compose's exit code.
 */
export function startWithCompose(say: (line: string) => void): number {
  loadLocalEnvFiles(REPO_ROOT);
  const admin = ensureAdminToken(process.env.ADMIN_TOKEN);
  const env = composeEnvironment(
    process.env,
    { adminToken: admin.token, visitorKeySecret: ensureVisitorKeySecret(process.env.VISITOR_KEY_SECRET) },
    process.stdout.isTTY === true,
  );
  say('A Docker engine answers: starting everything with docker compose (Ctrl-C stops it).');
  for (const line of startBanner({
    apiPort: env.PORT ?? '3000',
    apiOpsPort: env.API_OPS_PORT ?? '9465',
    consumerPort: env.CONSUMER_HTTP_PORT ?? '9464',
    topic: 'events.enriched',
    kafkaBrokers: '127.0.0.1:19092',
    databaseUrl: 'postgres://postgres:postgres@127.0.0.1:54329/metrics',
    admin,
  }))
    say(line);
  return (
    spawnSync('docker', ['compose', 'up', '--build'], { cwd: REPO_ROOT, stdio: 'inherit', env }).status ?? 1
  );
}
