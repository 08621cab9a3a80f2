import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../infra/local-paths';

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};
const majorOf = (version: string) => Number(/(\d+)\./.exec(version)?.[1]);

// The code is typed and unit-tested against the oldest Node.js it allows, and runs in its images on the one
// .nvmrc pins (docker-compose.spec.ts checks the Dockerfiles; .ci/run tests on both).
describe('Node.js versions', () => {
  it('types the code with the @types/node of the oldest Node.js that engines allows', () => {
    expect(pkg.engines.node).toMatch(/^>=\d+\.\d+$/);
    expect(majorOf(pkg.devDependencies['@types/node'])).toBe(majorOf(pkg.engines.node));
  });

  it('pins in .nvmrc an exact version that engines allows', () => {
    const pinned = read('.nvmrc').trim();
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    const [major, minor] = pinned.split('.').map(Number);
    const [minMajor, minMinor] = pkg.engines.node.slice(2).split('.').map(Number);
    expect(major > minMajor || (major === minMajor && minor >= minMinor)).toBe(true);
  });
});
