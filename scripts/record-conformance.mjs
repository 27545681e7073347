#!/usr/bin/env node
// Records what the real xl parser (libxlutil, via `xlucfg cfg`) of each Xen release with an oracle
// (4.17 and 4.20, see scripts/xl-oracles.mjs) says about every conformance input, so the unit
// tests can hold our parser to each release's answer without the oracles.
//
//   npm run conformance:record            # = node scripts/record-conformance.mjs (both releases)
//   node scripts/record-conformance.mjs --xen=4.17       # one release (or XL_RELEASES=4.17)
//   node scripts/record-conformance.mjs --no-generate    # skip re-running the generator
//
// Order: runs scripts/gen-conformance.mjs first (it is deterministic: unchanged inputs stay
// byte-identical), then `xlucfg cfg NAME.cfg` with cwd = the input's folder, so messages read
// `NAME.cfg:LINE: config parsing error near ...` wherever the repo lives. Writes, per release R,
//   test/conformance/cases/<kind>/<name>.R.xl.json   for each generated input
//   test/conformance/corpus/<file>.R.xl.json         for each file of ../shared/corpus, read in place
// = {"tool":"xlucfg cfg","xen":"R","exit":N,"stdout":"...","stderr":"...", ...} (stdout/stderr verbatim).
// Corpus recordings also hold the corpus file's sha256 (a changed corpus is detected by the
// tests) and that release's whole `xl -N create` dry run (`dryrun`), whose random uuid is masked.

import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { maskRandomGenid, maskRandomUuid, parseRecordingName, recordingOf, requireOracles, runOracle, selectedReleases } from './xl-oracles.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = path.resolve(ROOT, '..', 'shared');
const CORPUS = process.env.XLCFG_CORPUS ? path.resolve(process.env.XLCFG_CORPUS) : path.join(SHARED, 'corpus');
const CASES = path.join(ROOT, 'test', 'conformance', 'cases');
const CORPUS_OUT = path.join(ROOT, 'test', 'conformance', 'corpus');
const SIGNALS = { SIGABRT: 6, SIGSEGV: 11, SIGKILL: 9, SIGBUS: 7, SIGFPE: 8 };

function die(msg) { console.error(`record-conformance: ${msg}`); process.exit(1); }

function checkCorpus() {
  if (!fs.existsSync(CORPUS)) die(`the corpus is not at ${CORPUS} (set XLCFG_CORPUS). Nothing was recorded.`);
}

const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** stdout/stderr as text; if xl printed bytes that are not UTF-8, keep them exactly in base64 too. */
function text(out, field, buf) {
  try { out[field] = utf8.decode(buf); } catch { out[field] = buf.toString('latin1'); out[`${field}Base64`] = buf.toString('base64'); }
}

function run(release, tool, args, cwd) {
  const r = runOracle(release, tool, args, { cwd, encoding: 'buffer' });
  if (r.error) throw r.error;
  const out = {};
  out.exit = r.status ?? 128 + (SIGNALS[r.signal] ?? 0);
  if (r.signal) out.signal = r.signal;
  text(out, 'stdout', r.stdout);
  text(out, 'stderr', r.stderr);
  return out;
}

function xlucfg(release, file) {
  return { tool: 'xlucfg cfg', xen: release, ...run(release, 'xlucfg', ['cfg', path.basename(file)], path.dirname(file)) };
}

function dryrun(release, file, acceptedValues) {
  const r = { tool: 'xl-dryrun', xen: release, ...run(release, 'xl-dryrun', [path.basename(file)], path.dirname(file)) };
  // xl invents a random uuid when the config has none (and random ms_vm_genid bytes): mask them
  // so recordings are stable.
  if (!(acceptedValues && 'uuid' in acceptedValues)) r.stdout = maskRandomUuid(r.stdout);
  r.stdout = maskRandomGenid(r.stdout);
  return r;
}

function writeJson(file, obj) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(obj, null, 1) + '\n');
}

function main() {
  const releases = selectedReleases(process.argv, 'record-conformance');
  requireOracles(releases, ['xlucfg', 'xl-dryrun'], 'record-conformance');
  checkCorpus();
  if (!process.argv.includes('--no-generate')) {
    const g = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'gen-conformance.mjs')], { stdio: 'inherit' });
    if (g.status !== 0) die('the generator failed; nothing was recorded.');
  }
  for (const release of releases) recordRelease(release);

  // drop recordings whose input is gone, and any not named <name>.<release>.xl.json
  const prune = (d, inputOf) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) { prune(p, inputOf); continue; }
      if (!e.name.endsWith('.json') || e.name === 'manifest.json') continue;
      const parsed = parseRecordingName(p);
      if (!parsed || !fs.existsSync(inputOf(parsed[0]))) fs.rmSync(p);
    }
  };
  prune(CASES, (base) => `${base}.cfg`);
  prune(CORPUS_OUT, (base) => path.join(CORPUS, path.relative(CORPUS_OUT, base)));
}

function recordRelease(release) {
  const summary = new Map(); // kind -> { n, ok, rej, abort, sources:Set }
  const tally = (kind, rec, source) => {
    if (!summary.has(kind)) summary.set(kind, { n: 0, ok: 0, rej: 0, abort: 0, sources: new Set() });
    const k = summary.get(kind);
    k.n++;
    if (rec.exit === 0) k.ok++; else if (rec.signal) k.abort++; else k.rej++;
    if (source) k.sources.add(source);
  };

  // generated inputs
  for (const kind of fs.readdirSync(CASES).sort()) {
    const dir = path.join(CASES, kind);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.cfg')).sort()) {
      const file = path.join(dir, f);
      const rec = { ...xlucfg(release, file), sha256: sha256(fs.readFileSync(file)) };
      writeJson(recordingOf(file, release), rec);
      tally(kind, rec, f.split('__')[1]);
    }
  }

  // the corpus, in place (recursively: not-xl-domain-configs/ too)
  const corpusFiles = [];
  const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (e.name.endsWith('.cfg')) corpusFiles.push(p); } };
  walk(CORPUS);
  for (const file of corpusFiles) {
    const rel = path.relative(CORPUS, file).split(path.sep).join('/');
    const rec = { ...xlucfg(release, file), file: rel, sha256: sha256(fs.readFileSync(file)) };
    let values;
    if (rec.exit === 0) values = JSON.parse(rec.stdout);
    rec.dryrun = dryrun(release, file, values);
    writeJson(path.join(CORPUS_OUT, `${rel}.${release}.xl.json`), rec); // <file>.cfg.<release>.xl.json
    tally('corpus', rec, rel);
  }

  let total = 0, ok = 0, rej = 0, abort = 0;
  console.log(`\nxl ${release}\nkind                          inputs  sources  accepted  rejected  aborted`);
  for (const [kind, k] of summary) {
    console.log(`${kind.padEnd(28)} ${String(k.n).padStart(7)} ${String(k.sources.size || '-').padStart(8)} ${String(k.ok).padStart(9)} ${String(k.rej).padStart(9)} ${String(k.abort).padStart(8)}`);
    total += k.n; ok += k.ok; rej += k.rej; abort += k.abort;
  }
  console.log(`${'total'.padEnd(28)} ${String(total).padStart(7)} ${''.padStart(8)} ${String(ok).padStart(9)} ${String(rej).padStart(9)} ${String(abort).padStart(8)}`);
}

main();
