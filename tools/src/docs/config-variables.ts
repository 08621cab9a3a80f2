import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

// A key of a zod object written in the source: `  NAME: z...` (the variables are upper snake case).
const SCHEMA_KEY = /^\s+([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|PORT):/gm;
// `import { ... } from './kafka/kafka-access.schema'`: a schema file whose keys a config spreads into its own.
const LOCAL_SCHEMA_IMPORT = /from '(\.{1,2}\/[^']+\.schema)'/g;

/**
 * The environment variables an app's zod config reads, from the source of its `*.config.ts` and the local
 * `*.schema.ts` files it imports: the schemas are module-private, so their keys are read from the text.
 */
export function configVariables(configFile: string): string[] {
  const names = new Set<string>();
  const visit = (file: string, depth: number) => {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(SCHEMA_KEY)) names.add(match[1]);
    if (depth > 2) return;
    for (const match of text.matchAll(LOCAL_SCHEMA_IMPORT)) {
      const imported = resolve(dirname(file), `${match[1]}.ts`);
      if (existsSync(imported)) visit(imported, depth + 1);
    }
  };
  visit(configFile, 0);
  return [...names].sort();
}
