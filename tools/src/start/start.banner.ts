export interface StartedSystem {
  apiPort: string;
  apiOpsPort: string;
  consumerPort: string;
  topic: string;
  kafkaBrokers: string;
  databaseUrl: string;
  admin: { token: string; file?: string };
}

const DEMO_PROJECT = '6f1c2a7e-0000-4000-8000-000000000001';

/** What `npm start` prints once the apps start, on either path (local processes or docker compose). */
export function startBanner(system: StartedSystem): string[] {
  const api = `http://127.0.0.1:${system.apiPort}`;
  const { token, file } = system.admin;
  return [
    '',
    `metrics-api        ${api}  (reference: ${api}/docs)`,
    `Explore page       ${api}/explore  (paste the admin token or a project key)`,
    `metrics-api ops    http://127.0.0.1:${system.apiOpsPort}/metrics  (also /healthz, /readyz; not on ${system.apiPort})`,
    `enriched-consumer  reads ${system.topic} on ${system.kafkaBrokers}; ops on http://127.0.0.1:${system.consumerPort}/metrics`,
    `PostgreSQL         ${system.databaseUrl.replace(/:[^:@/]*@/, ':***@')}`,
    `Admin token        ${token}${file ? `  (kept in ${file})` : ''}`,
    '',
    'Try it:',
    `  curl -s -X PUT ${api}/v1/admin/projects/${DEMO_PROJECT} -H "Authorization: Bearer ${token}" -H 'Content-Type: application/json' -d '{"timezone":"Europe/Berlin"}'`,
    `  curl -s "${api}/v1/projects/${DEMO_PROJECT}/metrics?from=$(date -u +%Y-%m-01)&to=$(date -u +%F)&metrics=page_view,unique_users" -H "Authorization: Bearer ${token}"`,
    '  npm run demo            # realistic traffic into this system, prints a curl for a demo project',
    '  npm run admin -- --help # time zones and API keys from the command line',
    'Ctrl-C stops everything.',
  ];
}
