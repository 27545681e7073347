// Shared helpers for the benchmarks and the stress run: paths, statistics, timing a whole
// process with its peak memory, the in-process service bundle, and tables.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cacheDir = path.join(root, '.cache', 'bench');
export const sharedDir = path.resolve(root, '..', 'shared');
export const oracle = {
  xlucfg: path.join(sharedDir, 'oracle', 'xlucfg'),
  xlDryrun: path.join(sharedDir, 'oracle', 'xl-dryrun'),
};
export const hasXlucfg = fs.existsSync(oracle.xlucfg);
export const hasXlDryrun = fs.existsSync(oracle.xlDryrun);
export const corpusDir = path.join(sharedDir, 'corpus');
export const GNU_TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
export const cli = path.join(root, 'dist', 'cli.js');
export const server = path.join(root, 'dist', 'server.js');

export function percentile(values, p) {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i];
}
export const median = (v) => percentile(v, 50);
export const round = (x, d = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : x);

/**
 * Runs a command to completion, stdout to /dev/null, and returns its wall time and peak RSS
 * (GNU time's %M; without GNU time, the peak is unknown).
 */
export function timeProcess(cmd, args, opts = {}) {
  const marker = '__XLCFG_TIME__';
  const full = GNU_TIME ? [GNU_TIME, ['-f', `${marker} %e %M`, cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(full[0], full[1], { stdio: ['ignore', 'ignore', 'pipe'], ...opts });
    let err = '';
    p.stderr.on('data', (d) => { err += d; if (err.length > 1 << 20) err = err.slice(-65536); });
    p.on('error', reject);
    p.on('close', (code, signal) => {
      const ms = performance.now() - t0;
      const m = new RegExp(`${marker} ([0-9.]+) ([0-9]+)`).exec(err);
      const exit = GNU_TIME && /Command exited with non-zero status (\d+)/.exec(err);
      resolve({ ms, peakMb: m ? Number(m[2]) / 1024 : undefined, code: exit ? Number(exit[1]) : code, signal, stderr: err.replace(new RegExp(`(Command exited.*\\n)?${marker}.*\\n?`), '') });
    });
  });
}

/** The language service, the parser and the fleet model bundled for in-process measurements. */
export async function serviceBundle() {
  const out = path.join(cacheDir, 'service.cjs');
  const esbuild = await import('esbuild');
  fs.mkdirSync(cacheDir, { recursive: true });
  await esbuild.build({
    stdin: {
      contents: "export { LanguageService } from './server/src/service';\nexport { parseXlConfig } from './server/src/service/parser';\nexport { FLEET_CODES } from './server/src/service/features/fleet/codes';\nexport { Fleet, identityOf } from './server/src/service/features/fleet';\n",
      resolveDir: root, loader: 'ts', sourcefile: 'bench-entry.ts',
    },
    outfile: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning', absWorkingDir: root,
  });
  return out;
}

/** Generated big configs (scripts/bench/gen-big-config.mjs), made once and reused. */
export function bigConfig(mb) {
  const file = path.join(cacheDir, `${mb}mb.cfg`);
  if (!fs.existsSync(file) || fs.statSync(file).size < mb * 1024 * 1024 * 0.99) {
    fs.mkdirSync(cacheDir, { recursive: true });
    const r = spawnSync(process.execPath, [path.join(root, 'scripts/bench/gen-big-config.mjs'), String(mb), file], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`generating ${file} failed`);
  }
  return file;
}

export function machine() {
  return {
    node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, totalMemMb: Math.round(os.totalmem() / 1048576),
    loadavg: os.loadavg().map((x) => round(x)),
  };
}

/** A plain-text table. */
export function table(headers, rows) {
  const cells = [headers, ...rows].map((r) => r.map((c) => (c === undefined || c === null || Number.isNaN(c) ? '–' : String(c))));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export const verdict = (ok) => (ok === undefined ? 'n/a' : ok ? 'PASS' : 'FAIL');

/**
 * `xlcfg parse`, `xlcfg check` and (when the oracle is here) libxlutil's `xlucfg parse` of one
 * file, each as a whole process `reps` times: median time, the times, median peak memory.
 */
export async function wholeProcesses(file, reps) {
  const whole = [
    ['xlcfg-parse', process.execPath, [cli, 'parse', file]],
    ['xlcfg-check', process.execPath, [cli, 'check', file]],
    ...(hasXlucfg ? [['xlucfg-parse', oracle.xlucfg, ['parse', file]]] : []),
  ];
  const out = {};
  for (const [name, cmd, args] of whole) {
    const runs = [];
    for (let i = 0; i < reps; i++) runs.push(await timeProcess(cmd, args));
    // check exits 1 when it finds problems
    const bad = runs.find((x) => x.code !== 0 && !(name === 'xlcfg-check' && x.code === 1));
    if (bad) throw new Error(`${name} exited ${bad.code}: ${bad.stderr.slice(0, 500)}`);
    out[name] = { ms: median(runs.map((x) => x.ms)), times: runs.map((x) => round(x.ms)), peakMb: median(runs.map((x) => x.peakMb ?? NaN)) };
  }
  return out;
}
