// The real xl's the recordings come from, one per Xen release: 4.17 (Debian 12) and 4.20
// (Debian 13), both run here without a hypervisor (../shared/oracle, see its README). Used by
// scripts/record-semantic.mjs, scripts/record-conformance.mjs and scripts/semantic-fuzz.mjs.
//
// Which releases a script records: `--xen=4.17,4.20` (or `--xen 4.20`), else the XL_RELEASES
// environment variable (same form), else all of them. Where a release's tools live: the folder
// in XL_ORACLE_4_17 / XL_ORACLE_4_20 (holding `xlucfg` and `xl-dryrun`), else the default below.
//
// A recording of <name>.cfg made with release R is <name>.R.xl.json beside it
// (e.g. vif-vlan.4.20.xl.json).

import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ORACLE = path.resolve(ROOT, '..', 'shared', 'oracle');

/** Every release with a real xl here: its tools' folder and how to build them. */
export const ORACLES = {
  '4.17': { dir: path.join(ORACLE), setup: 'sh ../shared/oracle/setup.sh        (root, Debian 12)' },
  '4.20': { dir: path.join(ORACLE, 'xen-4.20'), setup: 'sh ../shared/oracle/setup-4.20.sh   (root, Debian 12)' },
};
export const RELEASES = Object.keys(ORACLES);

/** `<name>.cfg` (or any input path) -> its recording for `release`. */
export const recordingOf = (input, release) => `${input.replace(/\.cfg$/, '')}.${release}.xl.json`;
/** A recording's file name -> [input without .cfg, release], or undefined for other files. */
export function parseRecordingName(file) {
  const m = /^(.*)\.(\d+\.\d+)\.xl\.json$/.exec(file);
  return m ? [m[1], m[2]] : undefined;
}

/** The releases asked for on the command line or in XL_RELEASES (default: all). */
export function selectedReleases(argv = process.argv, who = 'record') {
  let spec = process.env.XL_RELEASES;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--xen=')) spec = argv[i].slice(6);
    else if (argv[i] === '--xen' && argv[i + 1]) spec = argv[++i];
  }
  if (!spec) return RELEASES;
  const want = spec.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = want.filter((r) => !(r in ORACLES));
  if (bad.length || !want.length) {
    console.error(`${who}: no real xl for release ${bad.join(', ') || '(none given)'}; releases with an oracle: ${RELEASES.join(', ')}`);
    process.exit(1);
  }
  return RELEASES.filter((r) => want.includes(r));
}

/** The folder of `release`'s tools (XL_ORACLE_4_20 overrides the default). */
export function oracleDir(release) {
  const env = process.env[`XL_ORACLE_${release.replace('.', '_')}`];
  return env ? path.resolve(env) : ORACLES[release].dir;
}

/** Path of `tool` ('xlucfg' or 'xl-dryrun') for `release`. */
export const oracleTool = (release, tool) => path.join(oracleDir(release), tool);

/** The environment the oracles run in: ours without FAKEXEN_* (they would change the fake host). */
export function oracleEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FAKEXEN_')));
}

/**
 * Checks that every tool of every release is there and runs; otherwise prints which are missing
 * and how to build them, and exits 1 before anything is recorded.
 */
export function requireOracles(releases, tools, who) {
  const missing = [];
  for (const release of releases) {
    for (const tool of tools) {
      const file = oracleTool(release, tool);
      let ok = false;
      try {
        fs.accessSync(file, fs.constants.X_OK);
        const r = tool === 'xl-dryrun'
          ? spawnSync(file, ['/dev/null'], { encoding: 'utf8', timeout: 30_000, env: oracleEnv() })
          : spawnSync(file, [], { encoding: 'utf8', timeout: 30_000, env: oracleEnv() });
        ok = r.error === undefined && (tool !== 'xl-dryrun' || /Parsing config from/.test(r.stderr ?? ''));
      } catch { ok = false; }
      if (!ok) missing.push(`  xl ${release}: ${tool} is not available at ${file}\n      build it: ${ORACLES[release].setup}\n      or set XL_ORACLE_${release.replace('.', '_')} to a folder holding xlucfg and xl-dryrun`);
    }
  }
  if (missing.length) {
    console.error(`${who}: the real xl is missing, nothing was recorded:\n${missing.join('\n')}\n` +
      `  (record only some releases with --xen=${RELEASES.join(',')} or XL_RELEASES)`);
    process.exit(1);
  }
}

/** xl invents a random uuid for a config without one: mask it so recordings stay byte-stable. */
export function maskRandomUuid(stdout) {
  return stdout.replace(/("c_info": \{[^}]*?"uuid": )"[0-9a-f-]{36}"/, '$1"<random>"');
}

/** `ms_vm_genid = "generate"` makes 16 random bytes: mask them too. */
export function maskRandomGenid(stdout) {
  return stdout.replace(/("ms_vm_genid": )\[[\s\d,]*\]/, '$1"<random>"');
}

// Run with address-space randomisation off where setarch can do it: some configs make xl use
// memory it never set (vdispl `connectors=c0`, p9 empty items), and how it then crashes (SIGSEGV,
// or SIGABRT with glibc's words) varies from run to run unless the layout is fixed.
let setarch;
function fixedLayout() {
  if (setarch === undefined) {
    const r = spawnSync('setarch', ['-R', 'true'], { encoding: 'utf8' });
    setarch = r.error === undefined && r.status === 0;
  }
  return setarch;
}

/** Runs `tool` of `release` (spawnSync options as given; FAKEXEN_* removed from the environment). */
export function runOracle(release, tool, args, options = {}) {
  const file = oracleTool(release, tool);
  const [cmd, argv] = fixedLayout() ? ['setarch', ['-R', file, ...args]] : [file, args];
  return spawnSync(cmd, argv, { maxBuffer: 1 << 28, timeout: 60_000, ...options, env: oracleEnv() });
}
