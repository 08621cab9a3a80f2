import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'tsconfig-paths';
import { REPO_ROOT } from '../infra/local-paths';

// Jest loads its global setup outside its module mapper: the workspace's path aliases (@metrics-store/...)
// are registered here, from tsconfig.base.json, before the setup imports anything that uses them.
const { compilerOptions } = JSON.parse(readFileSync(join(REPO_ROOT, 'tsconfig.base.json'), 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};
register({ baseUrl: REPO_ROOT, paths: compilerOptions.paths });
