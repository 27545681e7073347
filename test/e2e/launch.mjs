// The "VS Code executable" that @vscode/test-electron's runTests() starts (run.mjs passes
// vscodeExecutablePath = node and this file as the first launch argument). It takes the same
// arguments VS Code would (--extensionDevelopmentPath=…, --extensionTestsPath=…, a workspace folder),
// starts code-server (flavour from XLCFG_E2E_FLAVOUR: min|max) with a private profile, opens the
// workbench in headless chromium with those paths as the `payload` the way VS Code's own browser
// integration tests do, forwards the extension host's console (mocha's reporter) and exits with
// the code the test runner reports through `codeAutomationExit`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumPath, ensureCodeServer, ensureSystemPackages, makeProfile, startCodeServer } from './code-server.mjs';

const opts = {}; const positional = [];
for (const a of process.argv.slice(2)) {
  if (!a.startsWith('--')) { positional.push(a); continue; }
  const eq = a.indexOf('=');
  const k = eq > 0 ? a.slice(2, eq) : a.slice(2);
  (opts[k] ??= []).push(eq > 0 ? a.slice(eq + 1) : 'true'); // other VS Code flags (--no-sandbox, …) are accepted and ignored
}
const devPaths = (opts.extensionDevelopmentPath || []).map((p) => path.resolve(p));
const testsPath = opts.extensionTestsPath && path.resolve(opts.extensionTestsPath.at(-1));
const folder = path.resolve(positional[0] || process.cwd());
const flavour = process.env.XLCFG_E2E_FLAVOUR || 'min';
const timeoutMs = Number(process.env.XLCFG_E2E_TIMEOUT_MS || 300_000);
const verbose = !!process.env.XLCFG_E2E_VERBOSE;
if (!devPaths.length || !testsPath) {
  console.error('usage: node launch.mjs WORKSPACE --extensionDevelopmentPath=DIR --extensionTestsPath=FILE');
  process.exit(2);
}

const t0 = Date.now();
const lap = (m) => console.log(`[e2e ${flavour} ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

ensureSystemPackages(['chromium']);
const cs = await ensureCodeServer(flavour);
const profile = makeProfile(fs.mkdtempSync(path.join(process.env.XLCFG_E2E_TMP || os.tmpdir(), `xlcfg-e2e-${flavour}-`)));
const resultFile = path.join(profile.root, 'result.json');
process.env.XLCFG_E2E_RESULT = resultFile; // inherited by code-server, hence by the extension host running the suite

const server = await startCodeServer(cs, profile, { smokeTestDriver: true, onOutput: verbose ? (s) => process.stdout.write(`[cs] ${s}`) : undefined });
lap(`code-server ${cs.codeServer} (VS Code ${cs.vscode}, Node ${cs.info.node}) listening on ${server.url}`);

let browser;
let exitCode = 1;
const cleanup = async () => {
  await browser?.close().catch(() => {});
  await server.stop();
  if (!process.env.XLCFG_E2E_KEEP) fs.rmSync(profile.root, { recursive: true, force: true });
};
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => { cleanup().finally(() => process.exit(130)); });

try {
  browser = await chromium.launchPersistentContext(profile.chrome, {
    executablePath: chromiumPath(), headless: true, viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = browser.pages()[0] ?? await browser.newPage();
  page.on('pageerror', (e) => console.log('[page error]', String(e).slice(0, 300)));
  const finished = new Promise((resolve) => { page.exposeFunction('codeAutomationExit', (code) => resolve(code)); });
  // The workbench forwards every log line, including the extension host's console (mocha's reporter), here.
  const noise = /ENOTFOUND|getaddrinfo|Resolv|socket|Service Worker|builtin extensions cache|ChatSessionStore|telemetry|marketplace|open-vsx|Failed to fetch|chat|copilot|\[Extension Host\] \(node:\d+\) \[DEP|punycode|--trace-deprecation|Error while fetching|Settings Sync|NO_COLOR|AccountPolicyGate|AgentHost|reconnection-grace-time|authentication provider|^\s+at .*workbench\.js/i;
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    let a = Array.isArray(args) ? args : [args];
    if (typeof a[0] === 'string' && a[0].startsWith('%c')) a = [a[0].replace(/^%c\s*/, '').replace(/^(INFO|WARN|ERR|TRACE|DEBUG)\s+/, ''), ...a.slice(2)];
    const line = util.format(...a);
    if (verbose || !noise.test(line)) console.log(line);
  });
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = JSON.stringify([...devPaths.map((p) => ['extensionDevelopmentPath', remote(p)]),
    ['extensionTestsPath', remote(testsPath)], ['skipWelcome', 'true']]);
  await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(payload)}`);
  lap('workbench loaded; running the suite in the extension host');
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); });
  const r = await Promise.race([finished, server.exited.then((c) => `code-server exited (${c})`), timeout]);
  clearTimeout(timer);
  if (r !== 0) {
    console.log(`suite did not pass: ${r}`);
    const shot = path.join(process.env.XLCFG_E2E_ARTIFACTS || profile.root, `failure-${flavour}.png`);
    await page.screenshot({ path: shot }).catch(() => {});
    console.log(`screenshot: ${shot}\n--- code-server log (tail) ---\n${server.log().slice(-4000)}`);
  }
  exitCode = r === 0 ? 0 : 1;
  let result;
  try { result = JSON.parse(fs.readFileSync(resultFile, 'utf8')); } catch {}
  if (result && process.env.XLCFG_E2E_RESULT_OUT) fs.writeFileSync(process.env.XLCFG_E2E_RESULT_OUT, JSON.stringify(result, null, 2));
  if (!result) { console.log('the suite wrote no result file'); exitCode = 1; }
  lap(`done: exit ${exitCode}`);
} catch (e) {
  console.log(`launch failed: ${e.stack || e}`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
