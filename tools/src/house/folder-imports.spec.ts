import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findRepoRoot } from '@metrics-store/runtime';
import { importsAgainst } from './folder-imports';

const ROOT = findRepoRoot();

describe('imports between the folders of an app go one way (the order of its README)', () => {
  it('holds for the consumer', () => {
    const order = ['kafka', 'flush', 'dedupe', 'sketches', 'retention', 'events', 'background', 'failures'];
    const wiring = ['main.ts', 'enriched-consumer.service.ts', 'record-counting.flow.ts'];
    expect(importsAgainst(join(ROOT, 'apps/enriched-consumer/src'), order, wiring)).toEqual([]);
  });

  it('holds for the API', () => {
    const order = ['routes', 'explore', 'schemas', 'auth', 'reads', 'http', 'admission'];
    const wiring = ['main.ts', 'api.app.ts', 'api.server.ts', 'api.options.ts', 'api.readiness.ts'];
    expect(importsAgainst(join(ROOT, 'apps/metrics-api/src'), order, wiring)).toEqual([]);
  });

  describe('on a made-up app', () => {
    let src: string;
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(src, path)), { recursive: true });
      writeFileSync(join(src, path), text);
    };
    beforeEach(() => (src = mkdtempSync(join(tmpdir(), 'folder-imports-'))));
    afterEach(() => rmSync(src, { recursive: true, force: true }));

    it('finds an import upwards, into an unlisted folder, and from a top file that is not wiring', () => {
      write('a/one.ts', "import { two } from '../b/two';\n");
      write('b/two.ts', "import { one } from '../a/one';\nimport { x } from '../c/x';\n");
      write('config.ts', "import { two } from './b/two';\n");
      write('main.ts', "import { one } from './a/one';\n");
      write('b/two.spec.ts', "import { one } from '../a/one';\n");
      expect(importsAgainst(src, ['a', 'b'], ['main.ts']).sort()).toEqual([
        'b/two.ts imports a/',
        'b/two.ts imports c/',
        'config.ts imports b/',
      ]);
    });
  });
});
