import { spawnSync } from 'node:child_process';

/** true when a Docker engine answers (the client alone is not enough). */
export function dockerEngineAnswers(): boolean {
  const result = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], {
    stdio: 'ignore',
    timeout: 5000,
  });
  return result.status === 0;
}
