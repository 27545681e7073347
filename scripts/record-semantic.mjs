#!/usr/bin/env node
// Records what the real `xl -N create` (Xen 4.17, ../shared/oracle/xl-dryrun) says about every
// semantic input, so test/unit/semantic.test.ts can hold the validator to it without the oracle.
//
//   npm run semantic:record                  # = node scripts/record-semantic.mjs
//   node scripts/record-semantic.mjs --no-generate   # skip re-running the generator
//
// Runs scripts/gen-semantic.mjs first, then `xl-dryrun NAME.cfg` with cwd = the input's folder
// (so messages read "Parsing config from NAME.cfg" wherever the repository lives), and writes
// test/semantic/cases/<group>/<name>.xl.json =
//   {"tool":"xl-dryrun","exit":N,"stderr":"...","stdout":"..."}
// with exit code and stderr verbatim. The only change: the uuid xl makes up for a config with
// none is masked in stdout. Refuses to run, and changes nothing, without the oracle.

import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = path.resolve(ROOT, '..', 'shared');
const DRYRUN = process.env.XL_DRYRUN ? path.resolve(process.env.XL_DRYRUN) : path.join(SHARED, 'oracle', 'xl-dryrun');
const CASES = path.join(ROOT, 'test', 'semantic', 'cases');
const SIGNALS = { SIGABRT: 6, SIGSEGV: 11, SIGKILL: 9, SIGBUS: 7, SIGFPE: 8 };

function die(msg) { console.error(`record-semantic: ${msg}`); process.exit(1); }

function checkOracle() {
  let ok = false;
  try {
    fs.accessSync(DRYRUN, fs.constants.X_OK);
    const r = spawnSync(DRYRUN, ['/dev/null'], { encoding: 'utf8', timeout: 30_000 });
    ok = r.error === undefined && /Parsing config from/.test(r.stderr ?? '');
  } catch { ok = false; }
  if (!ok) {
    die(`the xl oracle is not available at ${DRYRUN}.\n` +
      `  It is Xen 4.17's real 'xl -N create' (Debian 12), run without a hypervisor. Build it once, as root:\n` +
      `      sh ../shared/oracle/setup.sh\n` +
      `  (or point XL_DRYRUN at an xl-dryrun script). Nothing was recorded.`);
  }
}

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out); else if (e.name.endsWith('.cfg')) out.push(p);
  }
  return out;
}

function record(file) {
  const r = spawnSync(DRYRUN, [path.basename(file)], { cwd: path.dirname(file), encoding: 'utf8', maxBuffer: 1 << 26, timeout: 60_000 });
  if (r.error) throw r.error;
  const out = { tool: 'xl-dryrun', exit: r.status ?? 128 + (SIGNALS[r.signal] ?? 0) };
  if (r.signal) out.signal = r.signal;
  out.stderr = r.stderr;
  out.stdout = r.stdout.replace(/("c_info": \{[^}]*?"uuid": )"[0-9a-f-]{36}"/, (m, p1) => (/^\s*uuid\s*(\+?=)/m.test(fs.readFileSync(file, 'utf8')) ? m : `${p1}"<random>"`));
  return out;
}

checkOracle();
if (!process.argv.includes('--no-generate')) {
  const g = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'gen-semantic.mjs')], { stdio: 'inherit' });
  if (g.status !== 0) die('the generator failed; nothing was recorded.');
}
const inputs = walk(CASES);
let written = 0;
for (const file of inputs) {
  const json = JSON.stringify(record(file), null, 1) + '\n';
  const target = file.replace(/\.cfg$/, '.xl.json');
  if (fs.existsSync(target) && fs.readFileSync(target, 'utf8') === json) continue;
  fs.writeFileSync(target, json);
  written++;
}
// Recordings whose input is gone.
const stale = [];
(function sweep(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sweep(p);
    else if (e.name.endsWith('.xl.json') && !fs.existsSync(p.replace(/\.xl\.json$/, '.cfg'))) stale.push(p);
  }
})(CASES);
for (const s of stale) fs.rmSync(s);
console.log(`record-semantic: ${inputs.length} inputs, ${written} recording(s) written, ${stale.length} stale removed`);
