import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureAdminToken } from './admin-token';

describe('ensureAdminToken', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'admin-token-'));
    file = join(dir, '.local', 'admin-token');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes a random token of 32 characters or more, keeps it for the owner only, and reads it back', () => {
    const made = ensureAdminToken(undefined, file);
    expect(made.file).toBe(file);
    expect(made.token).toMatch(/^adm_[A-Za-z0-9_-]{32}$/);
    expect(readFileSync(file, 'utf8')).toBe(`${made.token}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(ensureAdminToken(undefined, file)).toEqual(made);
    expect(ensureAdminToken(undefined, join(dir, 'other')).token).not.toBe(made.token);
  });

  it('takes ADMIN_TOKEN from the environment as it is, when it is long enough', () => {
    expect(ensureAdminToken('e'.repeat(32), file)).toEqual({ token: 'e'.repeat(32) });
  });

  it('refuses a token shorter than the API takes, from the environment or the file, saying what to do', () => {
    expect(() => ensureAdminToken('e'.repeat(31), file)).toThrow(
      'The admin token of ADMIN_TOKEN has 31 characters; the API takes 32 or more.',
    );
    writeFileSync(file.replace('.local/admin-token', 'short'), 'adm_short\n');
    expect(() => ensureAdminToken(undefined, file.replace('.local/admin-token', 'short'))).toThrow(
      /has 9 characters; the API takes 32 or more\. Set a longer ADMIN_TOKEN, or unset it and delete .*short: npm start then makes one\./,
    );
  });
});
