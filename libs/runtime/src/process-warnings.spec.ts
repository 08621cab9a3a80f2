import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const REPO_ROOT = join(__dirname, '../../..');

/** The fixture's stderr, in a process of its own: Jest's sandbox has a `process` of its own. */
async function warningsOf(mode: 'ignore' | 'keep', source: 'kafkajs' | 'own'): Promise<string> {
  const { stderr } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'testing/negative-timeouts.fixture.ts'), mode, source],
    { cwd: REPO_ROOT, env: { ...process.env, TSX_TSCONFIG_PATH: join(REPO_ROOT, 'tsconfig.base.json') } },
  );
  return stderr;
}

const NEGATIVE_TIMEOUT = /TimeoutNegativeWarning: -\d+ is a negative number/;

describe('ignoreKafkajsNegativeTimeouts', () => {
  it("drops Node's warning for kafkajs's negative timer, and only for it", async () => {
    const [kafkajsKept, kafkajsIgnored, ownKept, ownIgnored] = await Promise.all([
      warningsOf('keep', 'kafkajs'),
      warningsOf('ignore', 'kafkajs'),
      warningsOf('keep', 'own'),
      warningsOf('ignore', 'own'),
    ]);
    // Node 20 warns about neither; Node 24 about both.
    const nodeWarns = NEGATIVE_TIMEOUT.test(ownKept);
    expect(NEGATIVE_TIMEOUT.test(kafkajsKept)).toBe(nodeWarns);
    expect(kafkajsIgnored).not.toMatch(NEGATIVE_TIMEOUT);
    expect(NEGATIVE_TIMEOUT.test(ownIgnored)).toBe(nodeWarns);
  });
});
