// (d) activation in a real VS Code, cold: code-server (both versions the e2e suite runs) is
// started afresh for each run, with a fresh profile; test/e2e/bench/activation.js opens a config
// and reports VS Code's own activation timing (code loading + activate()) and the time from
// opening the config to its first diagnostics. The median of the runs is what counts.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { median, root, round } from './lib.mjs';

const require = createRequire(import.meta.url);

export async function activationBench({ runs = 5, flavours = ['min', 'max'], log }) {
  const { runTests } = require('@vscode/test-electron');
  const { copyWorkspace } = await import('../../test/e2e/workbench.mjs');
  const { ensureCodeServer, VERSIONS } = await import('../../test/e2e/code-server.mjs');
  const out = {};
  for (const flavour of flavours) {
    const cs = await ensureCodeServer(flavour);
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const ws = copyWorkspace(`bench-${flavour}`);
      const resultOut = path.join(root, '.cache', 'bench', `activation-${flavour}-${i}.json`);
      fs.mkdirSync(path.dirname(resultOut), { recursive: true });
      fs.rmSync(resultOut, { force: true });
      try {
        await runTests({
          vscodeExecutablePath: process.execPath,
          launchArgs: [path.join(root, 'test', 'e2e', 'launch.mjs'), ws.dir],
          extensionDevelopmentPath: root,
          extensionTestsPath: path.join(root, 'test', 'e2e', 'bench', 'activation.js'),
          extensionTestsEnv: { XLCFG_E2E_FLAVOUR: flavour, XLCFG_E2E_RESULT_OUT: resultOut },
          reuseMachineInstall: true,
        });
      } finally {
        ws.remove();
      }
      samples.push(JSON.parse(fs.readFileSync(resultOut, 'utf8')));
    }
    const pick = (k) => samples.map((s) => s[k]).filter((x) => typeof x === 'number');
    out[flavour] = {
      vscode: VERSIONS[flavour].vscode, runs,
      activationMs: round(median(pick('activationMs')), 1), activation: pick('activationMs').map((x) => round(x, 1)),
      codeLoadingMs: round(median(pick('codeLoadingMs')), 1), activateCallMs: round(median(pick('activateCallMs')), 1),
      openToDiagnosticsMs: round(median(pick('openToDiagnosticsMs')), 0), openToDiagnostics: pick('openToDiagnosticsMs').map((x) => round(x, 0)),
    };
    log(`  VS Code ${out[flavour].vscode}: activation median ${out[flavour].activationMs} ms (code loading ${out[flavour].codeLoadingMs} + activate() ${out[flavour].activateCallMs}; runs ${out[flavour].activation.join(', ')}), open to first diagnostics median ${out[flavour].openToDiagnosticsMs} ms (${out[flavour].openToDiagnostics.join(', ')})`);
  }
  return out;
}
