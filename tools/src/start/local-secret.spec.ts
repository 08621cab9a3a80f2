import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureAdminToken } from './admin-token';
import { ensureVisitorKeySecret } from './visitor-key-secret';

describe('the secrets of local runs: the admin token and the visitor key secret', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'local-secret-'));
    file = join(dir, '.local', 'secret');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes a random one of 32 characters or more, keeps it for the owner only, and reads it back', () => {
    const made = ensureAdminToken(undefined, file);
    expect(made.file).toBe(file);
    expect(made.token).toMatch(/^adm_[A-Za-z0-9_-]{32}$/);
    expect(readFileSync(file, 'utf8')).toBe(`${made.token}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(ensureAdminToken(undefined, file)).toEqual(made);
    expect(ensureAdminToken(undefined, join(dir, 'other')).token).not.toBe(made.token);

    const secret = ensureVisitorKeySecret(undefined, join(dir, 'visitor-key-secret'));
    expect(secret).toMatch(/^vks_[A-Za-z0-9_-]{32}$/);
    expect(ensureVisitorKeySecret(undefined, join(dir, 'visitor-key-secret'))).toBe(secret);
  });

  it('takes the variable from the environment as it is, when it is long enough', () => {
    expect(ensureAdminToken('e'.repeat(32), file)).toEqual({ token: 'e'.repeat(32) });
    expect(ensureVisitorKeySecret('s'.repeat(32), file)).toBe('s'.repeat(32));
  });

  it('refuses one shorter than the apps take, from the environment or the file, saying what to do', () => {
    expect(() => ensureAdminToken('e'.repeat(31), file)).toThrow(
      'ADMIN_TOKEN from the environment has 31 characters; the apps take 32 or more.',
    );
    writeFileSync(join(dir, 'short'), 'vks_short\n');
    expect(() => ensureVisitorKeySecret(undefined, join(dir, 'short'))).toThrow(
      /VISITOR_KEY_SECRET from .*short has 9 characters; the apps take 32 or more\. Set a longer VISITOR_KEY_SECRET, or unset it and delete .*short: npm start then makes one\./,
    );
  });
});
