// (f) The checks across configs (issue #14) at scale: a generated folder of 10,000 configs checked
// by one `xlcfg check` with the fleet rules on and off (time and peak memory), the same at 2,500
// and 5,000 files (time per file, for linearity), and in-process the cost of one edited file in
// an index of 10,000 (what the language server does after the debounce).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { LspClient } from './lsp-client.mjs';
import { cacheDir, cli, median, round, serviceBundle, table, timeProcess } from './lib.mjs';

let seed = 11;
const rnd = (n) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
const hex = (n, w) => n.toString(16).padStart(w, '0');

/**
 * One guest: realistic size (about 35 lines), its own LVs, MACs and UUID, a read-only base image
 * shared by all, two bridges, a PCI device for one HVM guest in ten; one guest in 500 reuses
 * another's MAC and one in 500 another's LV, so the rules have something to find.
 */
function guest(i) {
  const uuid = `${hex(i, 8)}-${hex(rnd(65536), 4)}-4${hex(rnd(4096), 3)}-8${hex(rnd(4096), 3)}-${hex(i * 7919, 12)}`;
  const macOf = (n, k) => `00:${k ? '17' : '16'}:3e:${hex((n >> 16) & 0x7f, 2)}:${hex((n >> 8) & 0xff, 2)}:${hex(n & 0xff, 2)}`;
  const lv = (n) => `/dev/vg${n % 4}/guest-${n}`;
  const hvm = i % 3 === 0;
  const lines = [
    `# guest-${i}.cfg - generated for the fleet benchmark`,
    `name = "guest-${i}"`,
    `uuid = "${uuid}"`,
    hvm ? 'type = "hvm"' : 'type = "pvh"',
    ...(hvm ? ['firmware = "bios"', 'boot = "c"'] : ['kernel = "/boot/vmlinuz-6.1"', 'ramdisk = "/boot/initrd.img-6.1"', 'extra = "console=hvc0 root=/dev/xvda1 ro"']),
    '',
    '# Resources',
    `memory = ${512 * (1 + (i % 8))}`,
    `maxmem = ${512 * (1 + (i % 8))}`,
    `vcpus = ${1 + (i % 4)}`,
    'cpu_weight = 256',
    '',
    '# Disks: its own volumes and the shared read-only base image',
    'disk = [',
    `    "phy:${lv(i % 500 === 499 ? i - 1 : i)},xvda,w",`,
    `    "format=raw, vdev=xvdb, access=rw, target=/dev/vg${i % 4}/guest-${i}-data",`,
    '    "format=qcow2, vdev=xvdc, access=ro, target=/srv/images/base.qcow2",',
    ']',
    '',
    '# Network',
    'vif = [',
    `    "mac=${macOf(i % 500 === 250 ? i - 1 : i, 0)}, bridge=xenbr0",`,
    `    "mac=${macOf(i, 1)}, bridge=xenbr1, rate=100Mb/s",`,
    ']',
    ...(hvm && i % 10 === 0 ? ['', `pci = [ "0000:${hex(1 + ((i / 10) >> 8) % 254, 2)}:${hex(((i / 10) & 0xff) >> 3, 2)}.${(i / 10) & 7}" ]`] : []),
    '',
    ...(hvm ? ['vnc = 1', 'vnclisten = "127.0.0.1"', 'serial = "pty"'] : []),
    'on_poweroff = "destroy"',
    'on_reboot = "restart"',
    'on_crash = "restart"',
  ];
  return lines.join('\n') + '\n';
}

/** A folder of n generated configs, made once. */
function fleetFolder(n) {
  const dir = path.join(cacheDir, `fleet-${n}`);
  const marker = path.join(dir, '.complete');
  if (fs.existsSync(marker)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  seed = 11;
  for (let i = 0; i < n; i++) fs.writeFileSync(path.join(dir, `guest-${String(i).padStart(5, '0')}.cfg`), guest(i));
  fs.writeFileSync(marker, String(n));
  return dir;
}

/** In a child process: index n files, then edit one file k times; per edit, the time to re-read it and list the findings of every file it touches. */
const EDIT_PROBE = `
const fs = require('node:fs'); const path = require('node:path');
const [bundle, dir, edits] = process.argv.slice(1);
const { LanguageService, Fleet, identityOf } = require(bundle);
const service = new LanguageService();
const fleet = new Fleet();
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cfg')).sort();
const t0 = performance.now();
for (const f of files) { const uri = 'file://' + path.join(dir, f); fleet.update(uri, identityOf(service, { uri, version: 0, text: fs.readFileSync(path.join(dir, f), 'utf8') })); service.close(uri); }
const indexMs = performance.now() - t0;
global.gc && global.gc();
const heapMb = process.memoryUsage().heapUsed / 1048576;
const uri = 'file://' + path.join(dir, files[1234 % files.length]);
const base = fs.readFileSync(path.join(dir, files[1234 % files.length]), 'utf8');
const times = [];
for (let k = 0; k < Number(edits); k++) {
  // Alternately take another guest's MAC and give it back: the findings of two files change.
  const text = k % 2 ? base : base.replace(/mac=00:16:3e:[0-9a-f:]+/, 'mac=00:16:3e:00:00:07');
  const s = performance.now();
  const touched = fleet.update(uri, identityOf(service, { uri, version: k + 1, text }));
  let n = 0; for (const u of touched) n += fleet.diagnosticsFor(u).length;
  times.push(performance.now() - s);
}
process.stdout.write(JSON.stringify({ files: files.length, guests: fleet.size, indexMs, heapMb, times }));
`;

export async function fleetBench({ log, target, reps, quick }) {
  log('\n(f) checks across configs: one xlcfg check over a folder, fleet rules on and off');
  const sizes = quick ? [2500, 10000] : [2500, 5000, 10000];
  const n = Math.max(2, reps);
  const out = { sizes: {}, reps: n };
  const rows = [];
  for (const size of sizes) {
    const dir = fleetFolder(size);
    const r = {};
    for (const [name, extra] of [['fleet off', ['--no-fleet']], ['fleet on', []]]) {
      const runs = [];
      for (let i = 0; i < n; i++) runs.push(await timeProcess(process.execPath, [cli, 'check', '--quiet', ...extra, dir]));
      const bad = runs.find((x) => x.code !== 0 && x.code !== 1);
      if (bad) throw new Error(`xlcfg check ${extra.join(' ')} exited ${bad.code}: ${bad.stderr.slice(0, 400)}`);
      r[name] = { ms: median(runs.map((x) => x.ms)), times: runs.map((x) => round(x.ms)), peakMb: median(runs.map((x) => x.peakMb ?? NaN)) };
    }
    const findings = spawnSync(process.execPath, [cli, 'check', '--format', 'json', dir], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const fleetFindings = JSON.parse(findings.stdout).flatMap((f) => f.diagnostics).filter((d) => d.related || /^(duplicate|shared|autostart|vcpus|console|pci-perm|pygrub)/.test(d.code)).length;
    const on = r['fleet on'], off = r['fleet off'];
    const overhead = on.ms / off.ms - 1;
    out.sizes[size] = { ...r, overheadPct: round(overhead * 100, 1), msPerFileOn: round(on.ms / size, 3), msPerFileOff: round(off.ms / size, 3), fleetFindings };
    rows.push([size.toLocaleString('en-US'), round(off.ms / 1000, 2), round(on.ms / 1000, 2), `${round(overhead * 100, 1)}%`, round(on.ms / size, 3), round(off.peakMb, 0), round(on.peakMb, 0), fleetFindings]);
  }
  log(table(['configs', 'off s', 'on s', 'fleet adds', 'ms/file (on)', 'peak MB off', 'peak MB on', 'fleet findings'], rows));
  const big = out.sizes[10000], small = out.sizes[2500];
  target('10,000 configs in one xlcfg check: the fleet rules add less than 20% to the time', big.overheadPct < 20, `${round(big['fleet off'].ms / 1000, 2)} s off, ${round(big['fleet on'].ms / 1000, 2)} s on (+${big.overheadPct}%)`);
  const growth = big.msPerFileOn / small.msPerFileOn;
  out.linearity = round(growth, 2);
  target('fleet on: the time per file at 10,000 configs within 1.25x of that at 2,500 (linear)', growth <= 1.25, `${small.msPerFileOn} ms/file at 2,500, ${big.msPerFileOn} at 10,000 (${round(growth, 2)}x)`);

  log('\n    one edited file in an index of 10,000 (in-process: re-read the file, update the index, findings of every file it touches)');
  const bundle = await serviceBundle();
  const p = spawnSync(process.execPath, ['--expose-gc', '-e', EDIT_PROBE, bundle, fleetFolder(10000), String(quick ? 40 : 200)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (p.status !== 0) throw new Error(`edit probe failed: ${p.stderr}`);
  const e = JSON.parse(p.stdout);
  const sorted = [...e.times].sort((a, b) => a - b);
  const p99 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))];
  out.edit = { files: e.files, guests: e.guests, indexMs: round(e.indexMs, 0), heapMb: round(e.heapMb, 1), medianMs: round(median(e.times), 3), p99Ms: round(p99, 3), edits: e.times.length };
  log(table(['files', 'index built (ms)', 'heap after (MB)', 'edit median (ms)', 'edit p99 (ms)'], [[e.files, round(e.indexMs, 0), round(e.heapMb, 1), round(median(e.times), 3), round(p99, 3)]]));
  target('an edit to one config updates the fleet findings in under 100 ms with 10,000 configs indexed (in-process)', p99 < 100, `p99 ${round(p99, 2)} ms over ${e.times.length} edits`);

  log('\n    the language server on the 10,000-config folder (stdio, no debounce): index, then edits that take and give back another guest\'s MAC');
  out.lsp = await lspEdits(fleetFolder(10000), quick ? 20 : 60);
  const l = out.lsp;
  log(table(['index built (ms)', 'guests', 'edit → own diagnostics p50 / p99 (ms)', 'edit → the other file\'s p50 / p99 (ms)', 'server RSS MB'],
    [[l.indexMs, l.guests, `${l.ownP50} / ${l.ownP99}`, `${l.otherP50} / ${l.otherP99}`, l.rssMb]]));
  target('in the language server, an edit updates the fleet diagnostics of both files in under 100 ms after the debounce, 10,000 configs in the workspace', l.otherP99 < 100 && l.ownP99 < 100, `p99 ${l.ownP99} ms (the edited file), ${l.otherP99} ms (the other file)`);
  return out;
}

/** The server over stdio on a folder: time to index it, then per edit the time until both files' diagnostics say so. */
export async function lspEdits(dir, edits) {
  const client = new LspClient({ command: process.execPath, args: ['--expose-gc', cli, 'lsp', '--stdio'], initializationOptions: { debounceMs: 0 } });
  try {
    await client.initialize(pathToFileURL(dir).href);
    const t0 = performance.now();
    const guests = await client.request('xlcfg/fleet/start', {});
    const indexMs = round(performance.now() - t0, 0);
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cfg')).sort();
    const mine = files[1234 % files.length], theirs = files[4321 % files.length];
    const uri = pathToFileURL(path.join(dir, mine)).href, other = pathToFileURL(path.join(dir, theirs)).href;
    const base = fs.readFileSync(path.join(dir, mine), 'utf8');
    const theirMac = /mac=(00:16:3e:[0-9a-f:]+)/.exec(fs.readFileSync(path.join(dir, theirs), 'utf8'))[1];
    const taking = base.replace(/mac=00:16:3e:[0-9a-f:]+/, `mac=${theirMac}`);
    await client.open(uri, base, 'xlcfg', 1);
    await client.waitDiagnostics(uri, 1);
    const own = [], others = [];
    for (let k = 0; k < edits; k++) {
      const version = k + 2;
      const take = k % 2 === 0;
      const sent = performance.now();
      const otherSeen = new Promise((resolve) => client.waiters.push((p) => {
        if (p.uri !== other || p.diagnostics.some((d) => d.code === 'duplicate-mac') !== take) return false;
        resolve(performance.now()); return true;
      }));
      await client.change(uri, version, [{ text: take ? taking : base }]);
      const d = await client.waitDiagnostics(uri, version);
      own.push(d.at - sent);
      others.push((await otherSeen) - sent);
    }
    const stats = await client.request('xlcfg/debug/stats', { gc: true });
    const pct = (v, q) => round([...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(v.length * q))], 1);
    return { guests, indexMs, edits, ownP50: pct(own, 0.5), ownP99: pct(own, 0.99), otherP50: pct(others, 0.5), otherP99: pct(others, 0.99), rssMb: round(stats.memory.rss / 1048576, 0) };
  } finally { await client.stop(); }
}
