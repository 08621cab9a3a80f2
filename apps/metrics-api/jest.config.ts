export default {
  displayName: 'metrics-api',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/metrics-api',
};
