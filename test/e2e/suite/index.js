// Entry point VS Code calls inside the extension host (--extensionTestsPath): runs every
// *.test.js next to this file with mocha, and writes a summary (tests, durations, activation
// time) to $XLCFG_E2E_RESULT for the launcher to report.
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');
const { timings } = require('./helpers');

exports.run = () => new Promise((resolve, reject) => {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30000, reporter: 'spec' });
  if (process.env.XLCFG_E2E_GREP) mocha.grep(process.env.XLCFG_E2E_GREP);
  for (const f of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, f));
  const t0 = Date.now();
  const tests = [];
  const runner = mocha.run((failures) => {
    const result = {
      vscode: require('vscode').version, node: process.version, passed: tests.filter((t) => t.state === 'passed').length,
      failed: failures, ms: Date.now() - t0, timings, tests,
    };
    if (process.env.XLCFG_E2E_RESULT) fs.writeFileSync(process.env.XLCFG_E2E_RESULT, JSON.stringify(result, null, 2));
    console.log(`${result.passed} passed, ${failures} failed (VS Code ${result.vscode}, ${result.ms} ms)`);
    if (failures) reject(new Error(`${failures} tests failed.`));
    else resolve();
  });
  runner.on('test end', (t) => tests.push({ title: t.fullTitle(), state: t.state || 'pending', ms: t.duration, error: t.err && String(t.err.message) }));
});
