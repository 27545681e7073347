#!/usr/bin/env node
// Records what the real `xl -N create` of each Xen release with an oracle (4.17 and 4.20, see
// scripts/xl-oracles.mjs) says about every semantic input, so test/unit/semantic.test.ts can hold
// the validator to each release's own answer without the oracles.
//
//   npm run semantic:record                          # = node scripts/record-semantic.mjs (both releases)
//   node scripts/record-semantic.mjs --xen=4.20      # only one release (or XL_RELEASES=4.20)
//   node scripts/record-semantic.mjs --no-generate   # skip re-running the generator
//
// Runs scripts/gen-semantic.mjs first, then `xl-dryrun NAME.cfg` of each release with cwd = the
// input's folder (so messages read "Parsing config from NAME.cfg" wherever the repository lives),
// and writes test/semantic/cases/<group>/<name>.<release>.xl.json =
//   {"tool":"xl-dryrun","xen":"4.20","exit":N,"stderr":"...","sha256":"<of the input>","stdout":"..."}
// with exit code and stderr verbatim. The only changes: the uuid xl makes up for a config with
// none, and the bytes of ms_vm_genid = "generate", are masked in stdout; xl runs with a fixed
// memory layout (setarch -R) so that its crashes are the same on every run. Refuses to run, and changes nothing, if an asked-for oracle is missing.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { maskRandomGenid, maskRandomUuid, parseRecordingName, recordingOf, requireOracles, runOracle, selectedReleases } from './xl-oracles.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CASES = path.join(ROOT, 'test', 'semantic', 'cases');
const SIGNALS = { SIGABRT: 6, SIGSEGV: 11, SIGKILL: 9, SIGBUS: 7, SIGFPE: 8 };

function die(msg) { console.error(`record-semantic: ${msg}`); process.exit(1); }

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out); else if (e.name.endsWith('.cfg')) out.push(p);
  }
  return out;
}

function record(release, file) {
  const r = runOracle(release, 'xl-dryrun', [path.basename(file)], { cwd: path.dirname(file), encoding: 'utf8' });
  if (r.error) throw r.error;
  const out = { tool: 'xl-dryrun', xen: release, exit: r.status ?? 128 + (SIGNALS[r.signal] ?? 0) };
  if (r.signal) out.signal = r.signal;
  out.stderr = r.stderr;
  out.sha256 = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  out.stdout = maskRandomGenid(/^\s*uuid\s*(\+?=)/m.test(fs.readFileSync(file, 'utf8')) ? r.stdout : maskRandomUuid(r.stdout));
  return out;
}

const releases = selectedReleases(process.argv, 'record-semantic');
requireOracles(releases, ['xl-dryrun'], 'record-semantic');
if (!process.argv.includes('--no-generate')) {
  const g = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'gen-semantic.mjs')], { stdio: 'inherit' });
  if (g.status !== 0) die('the generator failed; nothing was recorded.');
}
const inputs = walk(CASES);
const inputSet = new Set(inputs.map((f) => f.replace(/\.cfg$/, '')));
for (const release of releases) {
  let written = 0, refused = 0;
  for (const file of inputs) {
    const rec = record(release, file);
    if (rec.exit !== 0) refused++;
    const json = JSON.stringify(rec, null, 1) + '\n';
    const target = recordingOf(file, release);
    if (fs.existsSync(target) && fs.readFileSync(target, 'utf8') === json) continue;
    fs.writeFileSync(target, json);
    written++;
  }
  console.log(`record-semantic: xl ${release}: ${inputs.length} inputs (${refused} refused), ${written} recording(s) written`);
}
// Recordings whose input is gone (and recordings not named <name>.<release>.xl.json).
const stale = [];
(function sweep(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { sweep(p); continue; }
    if (!e.name.endsWith('.json')) continue;
    const parsed = parseRecordingName(p);
    if (!parsed || !inputSet.has(parsed[0])) stale.push(p);
  }
})(CASES);
for (const s of stale) fs.rmSync(s);
console.log(`record-semantic: ${stale.length} stale recording(s) removed`);
