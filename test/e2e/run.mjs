// End-to-end tests in a real VS Code (`npm run test:e2e`, which builds first):
//   1. the API-level suite (test/e2e/suite, mocha inside VS Code's extension host) on the lowest
//      supported VS Code (code-server 4.100.3) and the newest (code-server 4.139.1);
//   2. the UI-level test (ui-hover.mjs): hover and diagnostics in the editor, with screenshots.
//   3. the UI-level test of the layer diagram webview (ui-diagram.mjs), with screenshots;
//   4. Restricted Mode (ui-trust.mjs), and VS Code for the Web (ui-web.mjs): the browser bundle
//      in the web-worker extension host.
// The suite is started by @vscode/test-electron's runTests(), with launch.mjs standing in for the
// VS Code executable (test-electron's own download needs the internet; code-server comes from npm).
//
// usage: node test/e2e/run.mjs [--only=min|max] [--skip-ui] [--ui-only] [--grep=PATTERN]
// env:   XLCFG_E2E_CACHE (code-server cache), XLCFG_E2E_SAMPLES, XLCFG_E2E_VERBOSE=1, XLCFG_E2E_KEEP=1
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { REPO, VERSIONS, ensureCodeServer, ensureSystemPackages } from './code-server.mjs';
import { copyWorkspace, samplesDir } from './workbench.mjs';

const require = createRequire(import.meta.url);
const { runTests } = require('@vscode/test-electron');

const args = process.argv.slice(2);
const flag = (name) => { const a = args.find((x) => x === `--${name}` || x.startsWith(`--${name}=`)); return a && (a.includes('=') ? a.slice(a.indexOf('=') + 1) : true); };
const only = flag('only');
if (only && !VERSIONS[only]) { console.error(`--only must be one of: ${Object.keys(VERSIONS).join(', ')}`); process.exit(2); }
const flavours = only ? [only] : ['min', 'max'];
const here = path.join(REPO, 'test', 'e2e');
const artifacts = path.join(here, '.artifacts');
fs.mkdirSync(artifacts, { recursive: true });

samplesDir(); // fail early if the samples are not there
for (const f of ['dist/client.js', 'dist/server.js']) {
  if (!fs.existsSync(path.join(REPO, f))) { console.error(`${f} missing: run \`npm run build\` (npm run test:e2e does)`); process.exit(2); }
}
ensureSystemPackages(['chromium']); // the rest is checked when a code-server version has to be installed

const rows = [];
let passed = 0, failed = 0;
const secs = (ms) => `${(ms / 1000).toFixed(1)}s`;
const activationText = (t) => {
  if (!t || t.activationTotalMs === undefined) return '-';
  return `activation ${t.activationTotalMs} ms (code loading ${t.codeLoadingMs} ms + activate() ${t.activateCallMs} ms)` +
    (t.activateAndServerReadyMs !== undefined ? `, server ready after ${t.activateAndServerReadyMs} ms` : '');
};

if (!flag('ui-only')) {
  for (const flavour of flavours) {
    const cs = await ensureCodeServer(flavour);
    const ws = copyWorkspace(flavour);
    const resultOut = path.join(artifacts, `suite-${flavour}.json`);
    fs.rmSync(resultOut, { force: true });
    console.log(`\n=== API suite on code-server ${cs.codeServer} (VS Code ${cs.vscode}) ===`);
    const t0 = Date.now();
    let ok = true;
    try {
      await runTests({
        vscodeExecutablePath: process.execPath, // node, running launch.mjs (first of launchArgs)
        launchArgs: [path.join(here, 'launch.mjs'), ws.dir],
        extensionDevelopmentPath: REPO,
        extensionTestsPath: path.join(here, 'suite', 'index.js'),
        extensionTestsEnv: {
          XLCFG_E2E_FLAVOUR: flavour, XLCFG_E2E_RESULT_OUT: resultOut, XLCFG_E2E_ARTIFACTS: artifacts,
          ...(typeof flag('grep') === 'string' ? { XLCFG_E2E_GREP: flag('grep') } : {}),
        },
        reuseMachineInstall: true, // launch.mjs makes its own profile (user data, extensions, HOME, TMPDIR)
      });
    } catch (e) {
      ok = false;
      console.log(`suite failed on ${flavour}: ${e.message}`);
    } finally {
      if (!process.env.XLCFG_E2E_KEEP) ws.remove();
    }
    const ms = Date.now() - t0;
    let result = null;
    try { result = JSON.parse(fs.readFileSync(resultOut, 'utf8')); } catch {}
    passed += result?.passed ?? 0;
    failed += result ? result.failed : 1;
    if (!ok && result && !result.failed) failed += 1; // the run failed outside the tests
    rows.push({
      what: `API suite, VS Code ${result?.vscode ?? cs.vscode} (code-server ${cs.codeServer}, Node ${cs.info.node})`,
      result: result ? `${result.passed} passed, ${result.failed} failed` : 'no result',
      run: secs(ms), mocha: result ? secs(result.ms) : '-',
      install: `${cs.installedNow ? 'installed now' : 'cached'} (install took ${cs.info.installSeconds}s)`,
      activation: activationText(result?.timings),
    });
  }
}

/** Runs one UI script (a person's view, with screenshots) on `flavour` and records its result. */
async function uiScript(script, resultName, title, flavour) {
  console.log(`\n=== ${title} on ${flavour} ===`);
  const t0 = Date.now();
  const code = await new Promise((resolve) => {
    const p = spawn(process.execPath, [path.join(here, script), `--flavour=${flavour}`], { stdio: 'inherit' });
    p.on('exit', (c) => resolve(c));
  });
  let ui = null;
  try { ui = JSON.parse(fs.readFileSync(path.join(artifacts, `${resultName}.json`), 'utf8')); } catch {}
  if (code === 0 && ui) passed += ui.passed; else failed += Math.max(1, ui?.failed ?? 1);
  rows.push({ what: `${title} on ${flavour}`, result: ui ? `${ui.passed} passed, ${ui.failed} failed` : `exit ${code}`, run: secs(Date.now() - t0),
    activation: ui?.activation ?? '-' });
}

if (!flag('skip-ui')) {
  const flavour = only || 'min';
  await uiScript('ui-hover.mjs', 'ui', 'UI test (hover, diagnostics, screenshots)', flavour);
  // The layer diagram webview: draws the open config's guest, keeps a markup-like name as text,
  // and takes the README screenshots.
  await uiScript('ui-diagram.mjs', 'ui-diagram', 'UI test (layer diagram webview, screenshots)', flavour);
  // Restricted Mode: workspace trust on, the folder not trusted.
  await uiScript('ui-trust.mjs', 'trust', 'UI test in Restricted Mode', flavour);
  // VS Code for the Web: the browser bundle in the web-worker extension host, on both versions.
  for (const f of flavours) await uiScript('ui-web.mjs', 'web', 'UI test in the browser extension host (web worker)', f);
}

console.log('\n=== summary ===');
for (const r of rows) console.log(`- ${r.what}: ${r.result}; run ${r.run}${r.mocha ? ` (mocha ${r.mocha})` : ''}` +
  `${r.install ? `; ${r.install}` : ''}${r.activation && r.activation !== '-' ? `; ${r.activation}` : ''}`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
