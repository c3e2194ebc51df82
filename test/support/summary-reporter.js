// Ends every jest run with one plain line that CI reads: "N passed, N failed, N skipped". Before it, every
// skipped group is named (its name carries the reason), so a skip is never silent.
// A test file that could not run at all (a syntax error, a failing beforeAll) counts as one failure, so a
// broken file can never hide behind "0 failed".
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skippedGroups = new Map();
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        if (test.status !== 'pending' && test.status !== 'skipped' && test.status !== 'todo') continue;
        const group = test.ancestorTitles[0] ?? file.testFilePath;
        skippedGroups.set(group, (skippedGroups.get(group) ?? 0) + 1);
      }
    }
    for (const [group, count] of skippedGroups) process.stdout.write(`\nskipped ${count}: ${group}`);
    const brokenFiles = results.testResults.filter((r) => r.numFailingTests === 0 && (r.testExecError || r.failureMessage)).length;
    const failed = results.numFailedTests + brokenFiles;
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(`\n${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}

module.exports = SummaryReporter;
