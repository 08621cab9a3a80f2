import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  // This file extends the root config by path, which the boundary rule would flag as an external import.
  { files: ['eslint.config.mjs'], rules: { '@nx/enforce-module-boundaries': 'off' } },
];
