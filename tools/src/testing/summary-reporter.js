// A Jest reporter (listed in jest.preset.js; plain JavaScript because Jest loads reporters untransformed).
// `npm test` sets METRICS_TEST_SUMMARY_FILE; each Jest run appends one line of counts there, so the whole
// run can close with one total line.
const { appendFileSync } = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.METRICS_TEST_SUMMARY_FILE;
    if (!file) return;
    const line = {
      passed: results.numPassedTests,
      // A suite that fails to load has no failed test but must still fail the run.
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  }
}

module.exports = SummaryReporter;
