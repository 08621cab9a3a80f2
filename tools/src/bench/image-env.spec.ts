import { join } from 'node:path';
import { REPO_ROOT } from '../infra/local-paths';
import { imageEnv, imageEnvOf } from './image-env';

describe('imageEnv', () => {
  it('reads the ENV lines of the last stage only, the one the image runs', () => {
    const dockerfile = [
      'FROM node:24 AS build',
      'ENV NX_DAEMON=false',
      'RUN npm ci',
      'FROM node:24-slim AS runtime',
      'ENV NODE_ENV=production',
      '# a comment: ENV NOT_THIS=1',
      'ENV NODE_OPTIONS=--max-old-space-size=192',
      'CMD ["node", "main.js"]',
    ].join('\n');
    expect(imageEnv(dockerfile)).toEqual({
      NODE_ENV: 'production',
      NODE_OPTIONS: '--max-old-space-size=192',
    });
  });

  it("gives the consumer's benchmarks the heap cap and the allocator setting its image runs with", () => {
    const env = imageEnvOf(join(REPO_ROOT, 'apps/enriched-consumer/Dockerfile'));
    expect(env.NODE_OPTIONS).toMatch(/--max-old-space-size=\d+/);
    expect(env.MALLOC_MMAP_THRESHOLD_).toMatch(/^\d+$/);
  });
});
