export default {
  displayName: 'metrics-contract',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/metrics-contract',
};
