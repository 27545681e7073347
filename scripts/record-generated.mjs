#!/usr/bin/env node
// Records what the real xl says about every config "Xen: New Guest Config" can write, so that
// test/unit/generate.test.ts can hold the generator to it without the oracle.
//
//   node scripts/record-generated.mjs
//
// For each combination of generatorCombinations() (server/src/service/features/generate.ts,
// bundled on the fly with esbuild) it writes the config to a temporary NAME.cfg and runs
//   x86 guests: ../shared/oracle/xl-dryrun NAME.cfg   (the real `xl -N create` dry run)
//   Arm guests: ../shared/oracle/xlucfg cfg NAME.cfg  (syntax and values only: an Arm config
//               cannot be dry-run by an x86 xl, which would build it as an x86 guest)
// and writes test/fixtures/generated/<id>.xl.json with the options, the text and its sha256,
// the exit code and xl's messages. The test fails when the generator's output no longer matches
// the recorded hash, so a changed generator has to be recorded again.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ORACLE_DIR = path.resolve(ROOT, '..', 'shared', 'oracle');
const XLUCFG = path.join(ORACLE_DIR, 'xlucfg');
const DRYRUN = path.join(ORACLE_DIR, 'xl-dryrun');
const OUT = path.join(ROOT, 'test', 'fixtures', 'generated');

for (const tool of [XLUCFG, DRYRUN]) {
  try { fs.accessSync(tool, fs.constants.X_OK); } catch {
    console.error(`record-generated: ${tool} is missing. Build the oracle once (as root, Debian 12): sh ../shared/oracle/setup.sh. Nothing was recorded.`);
    process.exit(1);
  }
}

// The generator is TypeScript: bundle it in memory and load it as a CommonJS module.
const built = await esbuild.build({
  entryPoints: [path.join(ROOT, 'server/src/service/features/generate.ts')],
  bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'warning',
});
const mod = { exports: {} };
new Function('module', 'exports', 'require', built.outputFiles[0].text)(mod, mod.exports, createRequire(import.meta.url));
const { generateGuest, generatorCombinations } = mod.exports;

const sha256 = (s) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlcfg-generated-'));
fs.mkdirSync(OUT, { recursive: true });
const wanted = new Set();
let accepted = 0, refused = 0;

try {
  for (const { id, options } of generatorCombinations()) {
    const text = generateGuest(options);
    const file = path.join(tmp, `${id}.cfg`);
    fs.writeFileSync(file, text);
    const arm = options.type === 'arm';
    const [cmd, args, tool] = arm ? [XLUCFG, ['cfg', `${id}.cfg`], 'xlucfg cfg'] : [DRYRUN, [`${id}.cfg`], 'xl-dryrun (xl -N create)'];
    const r = spawnSync(cmd, args, { cwd: tmp, encoding: 'utf8', timeout: 60_000 });
    if (r.error) throw r.error;
    const stderr = r.stderr.split('\n').filter((l) => l.trim() !== '');
    // What is left once xl's "Parsing config from FILE" banner (and xlucfg's own exit line) is set aside.
    const messages = stderr.filter((l) => !/^Parsing config from /.test(l) && !/^xlucfg: rc=0 \(ok\)$/.test(l));
    const record = {
      id,
      options,
      sha256: sha256(text),
      tool,
      scope: arm ? 'syntax and values only (libxlutil); an x86 xl cannot dry-run an Arm guest' : 'whole domain build, dry run',
      exit: r.status,
      messages,
      stderr,
      text,
    };
    fs.writeFileSync(path.join(OUT, `${id}.xl.json`), JSON.stringify(record, null, 2) + '\n');
    wanted.add(`${id}.xl.json`);
    const ok = r.status === 0 && messages.length === 0;
    if (ok) accepted++; else { refused++; console.log(`  ${id}: exit ${r.status} ${messages.join(' | ')}`); }
  }
  for (const f of fs.readdirSync(OUT)) if (f.endsWith('.xl.json') && !wanted.has(f)) fs.rmSync(path.join(OUT, f));
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`record-generated: ${wanted.size} configs recorded in ${path.relative(ROOT, OUT)}: ${accepted} accepted cleanly, ${refused} with exit != 0 or messages.`);
