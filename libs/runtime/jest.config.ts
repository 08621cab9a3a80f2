export default {
  displayName: 'runtime',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/runtime',
};
