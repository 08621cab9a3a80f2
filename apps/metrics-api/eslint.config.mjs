// The root config is a file, not a project: the module-boundaries rule does not apply to this import.
// eslint-disable-next-line @nx/enforce-module-boundaries
import baseConfig from '../../eslint.config.mjs';

export default [...baseConfig];
