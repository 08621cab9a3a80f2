import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import { join } from 'node:path';
import { runMigrations } from '@metrics-store/metrics-db';
import { createTestDatabase, type TestDatabase } from '@metrics-store/testing';
import { freePort } from '../infra/free-port';
import { REPO_ROOT } from '../infra/local-paths';

const ADMIN_TOKEN = 'admin-cli-test-token-0123456789abcdef';
const P = '6f1c2a7e-0000-4000-8000-0000000000f1';
const TSX_ENV = { TSX_TSCONFIG_PATH: join(REPO_ROOT, 'tsconfig.base.json') };

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

describe('npm run admin, against the metrics API as a process of its own', () => {
  let database: TestDatabase;
  let api: ChildProcess;
  let apiUrl: string;

  /** The CLI as `npm run admin -- ...` runs it; `env` goes over the API's address and token. */
  const admin = (args: string[], env: Record<string, string> = {}): CliRun => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'tools/src/admin/admin.main.ts', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...TSX_ENV, METRICS_API_URL: apiUrl, ADMIN_TOKEN, ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  };

  beforeAll(async () => {
    database = await createTestDatabase('admin_cli');
    await runMigrations(database.url);
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    api = spawn(process.execPath, ['--import', 'tsx', 'apps/metrics-api/src/main.ts'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ...TSX_ENV,
        DATABASE_URL: database.url,
        PORT: String(port),
        API_OPS_PORT: '0',
        ADMIN_TOKEN,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const deadline = Date.now() + 30_000;
    while (
      !(await fetch(`${apiUrl}/readyz`).then(
        (res) => res.ok,
        () => false,
      ))
    ) {
      if (Date.now() > deadline) throw new Error(`the API did not answer on ${apiUrl}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
  afterAll(async () => {
    if (api && api.exitCode === null) {
      const exited = new Promise((resolve) => api.once('exit', resolve));
      api.kill('SIGTERM');
      await exited;
    }
    await database?.drop();
  });

  it('prints the settings of a project, then its new time zone', () => {
    const before = admin(['projects', 'get', P]);
    expect([before.status, before.stderr]).toEqual([0, '']);
    expect(before.stdout).toBe(`project   ${P}\ntimezone  UTC\nupdated   never (the defaults apply)\n`);

    const set = admin(['projects', 'set-timezone', P, 'Europe/Berlin']);
    expect(set.status).toBe(0);
    expect(set.stdout).toMatch(
      /^Time zone set\.\nproject {3}.+\ntimezone {2}Europe\/Berlin\nupdated {3}\d{4}-\d\d-\d\dT/,
    );

    const after = admin(['projects', 'get', P, '--json']);
    expect(after.status).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({ project_id: P, timezone: 'Europe/Berlin' });
  });

  it("passes on the API's refusal of a bad zone with the field, and exit code 1", () => {
    const run = admin(['projects', 'set-timezone', P, 'Mars/Olympus_Mons']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('The API refused (HTTP 400 invalid_request)');
    expect(run.stderr).toMatch(/^ {2}timezone: must be an IANA time zone/m);
  });

  it('creates a key that reads the project, lists it, revokes it', async () => {
    const created = admin(['keys', 'create', P, 'wall dashboard']);
    expect(created.status).toBe(0);
    const [, id] = /^Created key ([0-9a-f-]{36}) "wall dashboard" for project /.exec(created.stdout) ?? [];
    const [, key] = /^Key \(shown only this once\): (mk_\S+)$/m.exec(created.stdout) ?? [];
    expect([id, key].every(Boolean)).toBe(true);
    // A connection of its own each time: the spawnSync of every admin() call holds this test's event loop for
    // seconds, long enough for the API to close an idle kept-alive socket unseen, which fetch would then
    // reuse and fail on ("other side closed").
    const read = () =>
      new Promise<number>((resolve, reject) => {
        const url = `${apiUrl}/v1/projects/${P}/metric-names?from=2026-01-01&to=2026-01-31`;
        get(url, { agent: false, headers: { authorization: `Bearer ${key}` } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject);
      });
    expect(await read()).toBe(200);

    const listed = admin(['keys', 'list', P]);
    expect(listed.status).toBe(0);
    expect(listed.stdout.split('\n')[0]).toMatch(/^id +state +created +name$/);
    expect(listed.stdout).toMatch(new RegExp(`^${id}  active  \\S+  wall dashboard$`, 'm'));

    const revoked = admin(['keys', 'revoke', P, id]);
    expect([revoked.status, revoked.stdout]).toEqual([0, `Revoked key ${id} of project ${P}.\n`]);
    expect(admin(['keys', 'list', P]).stdout).toMatch(new RegExp(`^${id}  revoked \\S+`, 'm'));
    expect(await read()).toBe(401);

    const unknown = admin(['keys', 'revoke', P, '6f1c2a7e-0000-4000-8000-00000000dead']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('HTTP 404 not_found): No such API key in this project');
  });

  it('erases a project only with --yes, and prints the rows removed per table', async () => {
    const E = '6f1c2a7e-0000-4000-8000-0000000000f3';
    expect(admin(['projects', 'set-timezone', E, 'Asia/Tokyo']).status).toBe(0);
    const created = admin(['keys', 'create', E, 'to be erased']);
    const [, key] = /^Key \(shown only this once\): (mk_\S+)$/m.exec(created.stdout) ?? [];

    // No terminal to ask on: refused, nothing erased.
    const refused = admin(['projects', 'delete', E]);
    expect([refused.status, refused.stdout]).toEqual([2, '']);
    expect(refused.stderr).toContain('add --yes');
    expect(admin(['projects', 'get', E]).stdout).toContain('Asia/Tokyo');

    const erased = admin(['projects', 'delete', E, '--yes']);
    expect([erased.status, erased.stderr]).toEqual([0, '']);
    expect(erased.stdout).toMatch(new RegExp(`^Erased project ${E}: 2 rows removed\\.\n`));
    expect(erased.stdout).toMatch(/^ {2}api_keys +1$/m);
    expect(erased.stdout).toMatch(/^ {2}project_settings +1$/m);
    expect(erased.stdout).toMatch(/^ {2}daily_distinct +0$/m);
    expect(admin(['projects', 'get', E]).stdout).toContain('timezone  UTC');
    expect(admin(['keys', 'list', E]).stdout).toBe(`Project ${E} has no API keys.\n`);
    const status = await new Promise<number>((resolve, reject) => {
      const url = `${apiUrl}/v1/projects/${E}/metric-names?from=2026-01-01&to=2026-01-31`;
      get(url, { agent: false, headers: { authorization: `Bearer ${key}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(status).toBe(401);

    const again = admin(['projects', 'delete', E, '--yes', '--json']);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      project_id: E,
      removed: { api_keys: 0, daily_metrics: 0 },
    });
  });

  it('says that a project has no keys', () => {
    const run = admin(['keys', 'list', '6f1c2a7e-0000-4000-8000-0000000000f2']);
    expect([run.status, run.stdout]).toEqual([
      0,
      'Project 6f1c2a7e-0000-4000-8000-0000000000f2 has no API keys.\n',
    ]);
  });

  it('lists the commands with --help, and explains one with <command> --help', () => {
    const help = admin(['--help']);
    expect(help.status).toBe(0);
    for (const command of [
      'projects get <projectId>',
      'projects set-timezone <projectId> <zone>',
      'keys create <projectId> <name>',
      'keys list <projectId>',
      'keys revoke <projectId> <keyId>',
      'projects delete <projectId>',
    ])
      expect(help.stdout).toContain(`npm run admin -- ${command}`);
    const one = admin(['keys', 'revoke', '--help']);
    expect(one.status).toBe(0);
    expect(one.stdout).toMatch(/^Usage: npm run admin -- keys revoke <projectId> <keyId>/);
  });

  it('refuses usage errors with exit code 2 before calling the API', () => {
    const missing = admin(['keys', 'create', P]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('keys create takes <projectId> <name>; got 1 argument.');
    const unknown = admin(['keys', 'rotate', P]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "keys rotate"');
    const bare = admin([]);
    expect([bare.status, bare.stdout]).toEqual([2, '']);
    expect(bare.stderr).toContain('Commands:');
    expect(admin(['keys', 'list', P, '--verbose']).status).toBe(2);
  });

  it('says what to do when nothing answers at the address, with exit code 3', async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const run = admin(['keys', 'list', P, '--api', nowhere]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(`Cannot reach the metrics API at ${nowhere}: connect ECONNREFUSED`);
    expect(run.stderr).toContain('npm start');
  });

  it('passes on a 401 for a wrong admin token, with what to check', () => {
    const run = admin(['projects', 'get', P], { ADMIN_TOKEN: 'not-the-admin-token-at-all' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('The API refused (HTTP 401 unauthorized): Unknown or revoked token');
    expect(run.stderr).toContain("Check the token: it must be the API's ADMIN_TOKEN");
  });
});
