/**
 * Runs loadLocalEnvFiles in a process of its own (the files load into the real environment, which Jest's
 * sandboxed `process.env` does not show) with the root in argv[2], and prints on stdout one JSON line: the
 * files it loaded and every variable whose name starts with `ENV_FILES_`.
 */
import { loadLocalEnvFiles } from '../local-env-files';

const loaded = loadLocalEnvFiles(process.argv[2]);
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('ENV_FILES_')));
process.stdout.write(`${JSON.stringify({ loaded, env })}\n`);
