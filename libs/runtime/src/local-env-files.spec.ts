import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const REPO_ROOT = join(__dirname, '../../..');

interface Loaded {
  loaded: string[];
  env: Record<string, string>;
}

/** loadLocalEnvFiles(root) in a child process whose environment is `env` and nothing else of ours. */
async function loadIn(root: string, env: Record<string, string> = {}): Promise<Loaded> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'testing/env-files.fixture.ts'), root],
    {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, TSX_TSCONFIG_PATH: join(REPO_ROOT, 'tsconfig.base.json'), ...env },
    },
  );
  return JSON.parse(stdout) as Loaded;
}

describe('loadLocalEnvFiles', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'env-files-'));
    mkdirSync(join(root, '.local'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('fills in only what the environment leaves unset, .env before .local/infra.env', async () => {
    writeFileSync(
      join(root, '.env'),
      'ENV_FILES_FROM_ENV=dotenv\nENV_FILES_EMPTY_IN_ENV=dotenv\nENV_FILES_BOTH=dotenv\nENV_FILES_DOTENV=dotenv\n',
    );
    writeFileSync(
      join(root, '.local', 'infra.env'),
      'ENV_FILES_FROM_ENV=infra\nENV_FILES_BOTH=infra\nENV_FILES_INFRA=infra\n',
    );

    const result = await loadIn(root, { ENV_FILES_FROM_ENV: 'environment', ENV_FILES_EMPTY_IN_ENV: '' });

    expect(result.loaded).toEqual([join(root, '.env'), join(root, '.local', 'infra.env')]);
    expect(result.env).toEqual({
      ENV_FILES_FROM_ENV: 'environment',
      // Set, even to nothing, is set: a file never overrides it.
      ENV_FILES_EMPTY_IN_ENV: '',
      ENV_FILES_BOTH: 'dotenv',
      ENV_FILES_DOTENV: 'dotenv',
      ENV_FILES_INFRA: 'infra',
    });
  });

  it('skips a file that does not exist', async () => {
    writeFileSync(join(root, '.local', 'infra.env'), 'ENV_FILES_INFRA=infra\n');

    expect(await loadIn(root)).toEqual({
      loaded: [join(root, '.local', 'infra.env')],
      env: { ENV_FILES_INFRA: 'infra' },
    });
    rmSync(join(root, '.local', 'infra.env'));
    expect(await loadIn(root)).toEqual({ loaded: [], env: {} });
  });

  it('reads the lines .env.example shows and infra:up writes: comments, quotes, empty values, URLs', async () => {
    writeFileSync(
      join(root, '.env'),
      [
        '# Copy to .env for local runs.',
        '# ENV_FILES_COMMENTED=no',
        'ENV_FILES_LEVEL=info',
        'ENV_FILES_EMPTY=',
        'ENV_FILES_TRAILING=value # a comment',
        'ENV_FILES_QUOTED="a # b"',
        "ENV_FILES_SINGLE='single'",
        'export ENV_FILES_EXPORTED=yes',
        'ENV_FILES_SPACED = spaced  ',
        'ENV_FILES_URL=postgres://postgres:postgres@127.0.0.1:54329/metrics?sslmode=disable&a=b=c',
        'ENV_FILES_CRLF=crlf\r',
        '',
      ].join('\n'),
    );

    expect((await loadIn(root)).env).toEqual({
      ENV_FILES_LEVEL: 'info',
      ENV_FILES_EMPTY: '',
      ENV_FILES_TRAILING: 'value',
      ENV_FILES_QUOTED: 'a # b',
      ENV_FILES_SINGLE: 'single',
      ENV_FILES_EXPORTED: 'yes',
      ENV_FILES_SPACED: 'spaced',
      ENV_FILES_URL: 'postgres://postgres:postgres@127.0.0.1:54329/metrics?sslmode=disable&a=b=c',
      ENV_FILES_CRLF: 'crlf',
    });
  });
});
