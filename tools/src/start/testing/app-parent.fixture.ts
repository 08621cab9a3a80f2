/**
 * `npm start` reduced to what its apps' lifetime depends on: one app started by startApp (the smallest app
 * that stops as the apps do), and this process running until it is killed.
 */
import { join } from 'node:path';
import { REPO_ROOT } from '../../infra/local-paths';
import { startApp } from '../app-process';

const app = startApp(
  'signalled-app',
  process.env,
  join(REPO_ROOT, 'libs/runtime/src/testing/signalled-app.fixture.ts'),
);
process.stdout.write(`child_pid ${app.child.pid}\n`);
