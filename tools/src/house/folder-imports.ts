import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { repositoryFiles } from '../docs/repository-files';

/** A relative import from one folder of an app's `src/` into another. */
export interface FolderImport {
  file: string;
  from: string;
  to: string;
}

// Specs and their fixtures may reach anywhere; the direction is a rule of the code that runs.
const isProductionFile = (path: string) =>
  path.endsWith('.ts') &&
  !/\.(spec|integration-spec)\.ts$/.test(path) &&
  !path.split('/').some((part) => part === 'testing' || part === 'integration');

/** The folder of a path relative to `src/`; '' for the files at the top. */
const folderOf = (path: string) => (path.includes('/') ? path.slice(0, path.indexOf('/')) : '');

/** Every relative import between two different folders of `srcDir`'s production files. */
export function folderImports(srcDir: string): FolderImport[] {
  const found: FolderImport[] = [];
  for (const file of repositoryFiles(srcDir).filter(isProductionFile)) {
    const text = readFileSync(join(srcDir, file), 'utf8');
    for (const match of text.matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const target = normalize(relative(srcDir, join(srcDir, dirname(file), match[1])));
      const [from, to] = [folderOf(file), folderOf(target)];
      if (from !== to) found.push({ file, from, to });
    }
  }
  return found;
}

/**
 * The imports that go against `order` (an app's folders, top first: a folder may import those after it):
 * into a folder listed before the importer, into a folder not listed, or from the configuration and metrics
 * files at the top (all but `wiring`) into any folder.
 */
export function importsAgainst(
  srcDir: string,
  order: readonly string[],
  wiring: readonly string[],
): string[] {
  const rank = (folder: string) => order.indexOf(folder);
  return folderImports(srcDir)
    .filter(({ file, from, to }) => {
      if (to === '') return false;
      if (from === '') return !wiring.includes(file);
      return rank(to) < 0 || rank(from) < 0 || rank(to) <= rank(from);
    })
    .map(({ file, to }) => `${file} imports ${to}/`);
}
