import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeReadyFile } from './ready-file';

describe('writeReadyFile', () => {
  it('leaves the whole content under the name and no partial file beside it, over an older one too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ready-file-'));
    try {
      const path = join(dir, 'ready.json');
      writeReadyFile(path, { error: 'first' });
      writeReadyFile(path, { databaseUrl: 'postgres://127.0.0.1:5432/metrics', hostPid: 1 });
      expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
        databaseUrl: 'postgres://127.0.0.1:5432/metrics',
        hostPid: 1,
      });
      expect(readdirSync(dir)).toEqual(['ready.json']);
      expect(existsSync(`${path}.${process.pid}.partial`)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
