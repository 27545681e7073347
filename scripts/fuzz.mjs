// Long fuzzing runs: `npm run fuzz -- --runs N [--chunk C] [--seed S] [--workers W]
// [--oracle-every K | --no-oracle] [--from-chunk I] [--stop-on-failure]`.
//
// Runs the properties of test/support/fuzzing.ts (the same as the CI-sized run in npm test) in
// chunks of C cases, each chunk with its own seed (S + chunk index), split between grammar-aware
// generated configs (50%), byte-level mutations of real configs (35%) and edit sequences on an
// open document (15%). Progress goes to .cache/fuzz/progress.jsonl, each failure (its
// counterexample, seed and path to replay) to .cache/fuzz/failures/. Exit 1 if any case failed.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, '.cache', 'fuzz');
const bundle = path.join(outDir, 'fuzzing.cjs');

function arg(name, dflt) {
  const argv = process.argv.slice(2);
  const i = argv.findIndex((a) => a === name || a.startsWith(name + '='));
  if (i === -1) return dflt;
  return argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1];
}
const flag = (name) => process.argv.slice(2).includes(name);

const SHARE = { generated: 0.5, mutated: 0.35, edits: 0.15 };

async function build() {
  const esbuild = await import('esbuild');
  fs.mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(root, 'test/support/fuzzing.ts')], outfile: bundle, bundle: true, platform: 'node',
    format: 'cjs', target: 'node20', packages: 'external', logLevel: 'warning', sourcemap: 'inline', absWorkingDir: root,
  });
}

/** Worker: runs the chunks it is sent, reports each. */
async function worker() {
  const require = createRequire(import.meta.url);
  const fc = require('fast-check');
  const fz = require(bundle);
  const corpus = path.resolve(root, '..', 'shared', 'corpus');
  const xlucfg = path.resolve(root, '..', 'shared', 'oracle', 'xlucfg');
  const oracleEvery = Number(process.env.FUZZ_ORACLE_EVERY || 0);
  const props = fz.makeProperties({
    seeds: fz.seedFiles(root, fs.existsSync(corpus) ? corpus : undefined),
    xlucfg: oracleEvery > 0 && fs.existsSync(xlucfg) ? xlucfg : undefined,
    oracleEvery: oracleEvery || 1,
  });
  process.on('message', (msg) => {
    if (msg.type === 'exit') { fs.rmSync(props.tmpDir, { recursive: true, force: true }); process.exit(0); }
    const { chunk, seed, runs } = msg;
    const t0 = performance.now();
    const failures = [];
    let ran = 0;
    for (const [name, share] of Object.entries(SHARE)) {
      const numRuns = Math.max(1, Math.round(runs * share));
      const r = fc.check(props[name], { numRuns, seed, endOnFailure: false });
      ran += r.numRuns;
      if (r.failed) {
        const error = r.errorInstance instanceof Error ? r.errorInstance.message : String(r.errorInstance ?? r.error);
        failures.push({ property: name, seed: r.seed, path: r.counterexamplePath, error, counterexample: r.counterexample });
      }
    }
    process.send({ type: 'done', chunk, seed, runs: ran, ms: Math.round(performance.now() - t0), failures });
  });
  process.send({ type: 'ready' });
}

async function mainRun() {
  const total = Number(arg('--runs', 10000));
  const chunkSize = Number(arg('--chunk', 5000));
  const baseSeed = Number(arg('--seed', 1));
  const workers = Math.max(1, Number(arg('--workers', 1)));
  const fromChunk = Number(arg('--from-chunk', 0));
  const stopOnFailure = flag('--stop-on-failure');
  const oracleEvery = flag('--no-oracle') ? 0 : Number(arg('--oracle-every', 50));
  if (!(total > 0) || !(chunkSize > 0)) { console.error('usage: npm run fuzz -- --runs N [--chunk C] [--seed S] [--workers W] [--oracle-every K|--no-oracle]'); process.exit(2); }
  await build();
  fs.mkdirSync(path.join(outDir, 'failures'), { recursive: true });
  const progress = path.join(outDir, 'progress.jsonl');
  const chunks = Math.ceil(total / chunkSize);
  const started = Date.now();
  console.log(`fuzz: ${total} cases in ${chunks} chunk(s) of ${chunkSize}, seed ${baseSeed}, ${workers} worker(s), oracle ${oracleEvery ? `every ${oracleEvery} cases` : 'off'}`);
  fs.appendFileSync(progress, JSON.stringify({ event: 'start', at: new Date().toISOString(), total, chunkSize, baseSeed, workers, oracleEvery, fromChunk }) + '\n');
  let next = fromChunk, ran = 0, failed = 0;
  await new Promise((resolve) => {
    let live = 0;
    const give = (w) => {
      if (next >= chunks || (stopOnFailure && failed)) { w.send({ type: 'exit' }); return; }
      const chunk = next++;
      const runs = Math.min(chunkSize, total - chunk * chunkSize);
      w.send({ type: 'chunk', chunk, seed: baseSeed + chunk, runs });
    };
    for (let i = 0; i < Math.min(workers, chunks - fromChunk); i++) {
      const w = fork(fileURLToPath(import.meta.url), ['--worker'], { env: { ...process.env, FUZZ_ORACLE_EVERY: String(oracleEvery) }, execArgv: ['--stack-size=4000'] });
      live++;
      w.on('message', (m) => {
        if (m.type === 'ready') return give(w);
        ran += m.runs;
        for (const f of m.failures) {
          failed++;
          const file = path.join(outDir, 'failures', `${f.property}-seed${f.seed}.json`);
          fs.writeFileSync(file, JSON.stringify(f, null, 2));
          console.log(`  FAIL ${f.property} (seed ${f.seed}, path ${f.path}): ${f.error.split('\n')[0]}\n       counterexample: ${JSON.stringify(f.counterexample).slice(0, 300)} -> ${path.relative(root, file)}`);
        }
        fs.appendFileSync(progress, JSON.stringify({ event: 'chunk', chunk: m.chunk, seed: m.seed, runs: m.runs, ms: m.ms, failures: m.failures.length, totalRan: ran, at: new Date().toISOString() }) + '\n');
        const el = (Date.now() - started) / 1000;
        console.log(`chunk ${m.chunk + 1}/${chunks}: ${m.runs} cases in ${(m.ms / 1000).toFixed(1)} s; ${ran} so far in ${el.toFixed(0)} s (${Math.round(ran / el)}/s), ${failed} failure(s)`);
        give(w);
      });
      w.on('exit', (code) => {
        if (code) { failed++; console.log(`worker exited with ${code}`); }
        if (--live === 0) resolve();
      });
    }
  });
  const seconds = (Date.now() - started) / 1000;
  const summary = { event: 'end', at: new Date().toISOString(), ran, failed, seconds: Math.round(seconds), perSecond: Math.round(ran / seconds), cpus: os.cpus().length, load: os.loadavg() };
  fs.appendFileSync(progress, JSON.stringify(summary) + '\n');
  console.log(`fuzz: ${ran} cases in ${seconds.toFixed(0)} s (${summary.perSecond}/s): ${failed ? `${failed} FAILURE(S), see .cache/fuzz/failures/` : 'no failure'}`);
  process.exit(failed ? 1 : 0);
}

if (process.argv.includes('--worker')) await worker();
else await mainRun();
