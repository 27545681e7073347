// Agreement with xl, recorded: the validator against what the real `xl -N create` (Xen 4.17,
// ../shared/oracle/xl-dryrun) said about the same config. Inputs and recordings live in
// test/semantic/cases/<group>/<name>.{cfg,xl.json} (scripts/gen-semantic.mjs makes the inputs,
// scripts/record-semantic.mjs the recordings); the corpus (../shared/corpus) is read in place,
// with the dry runs recorded next to the parser's corpus recordings (test/conformance/corpus).
//
// The rules, for every config:
//  1. xl refuses it (exit != 0)  =>  at least one error from us; where the refusal depends on the
//     host (the oracle fakes 8 CPUs and 1 NUMA node) a 'host-dependent' warning is enough.
//  2. every message xl prints about the config's content has a diagnostic from us of a matching
//     code (MESSAGES below), on the line xl names when it names one; where xl prints a warning
//     and then ignores the value, that diagnostic is an error (the guest would start without it).
//  3. xl accepts it without a message  =>  no error from us, except the codes in EXCEPTIONS.
//  4. corpus configs xl accepts get no error at all (the documented exceptions aside: one corpus
//     file has maxmem > memory with PCI passthrough, which fails when the domain is built).
// The rules and the table of xl's messages are in test/support/xlAgreement.ts.
// The checks run with xlcfg.xenVersion = "4.17", the release the recordings come from.

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { LanguageService } from '../../server/src/service';
import { parseDisk } from '../../server/src/service/features/diagnostics/disk';
import { corpusDir, hasCorpus, NO_SHARED, oracleDir, repoRoot } from '../support/paths';
import { EXCEPTIONS, judge, Recording } from '../support/xlAgreement';

const CASES = path.join(repoRoot, 'test', 'semantic', 'cases');
const CORPUS_REC = path.join(repoRoot, 'test', 'conformance', 'corpus');

function walk(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out); else if (e.name.endsWith('.cfg')) out.push(p);
  }
  return out;
}

const service = new LanguageService(undefined, { xenVersion: '4.17' });
const inputs = walk(CASES);
const usedExceptions = new Map<string, string[]>();

describe('semantic agreement with xl 4.17 (recorded dry runs)', () => {
  test('there are at least 200 recorded semantic configs, each with its recording', () => {
    assert.ok(inputs.length >= 200, `only ${inputs.length} inputs under ${CASES}`);
    const missing = inputs.filter((f) => !fs.existsSync(f.replace(/\.cfg$/, '.xl.json')));
    assert.deepEqual(missing.map((f) => path.relative(CASES, f)), [], 'inputs without a recording: run npm run semantic:record');
    const refused = inputs.filter((f) => readRec(f).exit !== 0).length;
    assert.ok(refused >= 50 && inputs.length - refused >= 50, `want both verdicts well represented: ${refused} refused of ${inputs.length}`);
  });

  for (const file of inputs) {
    const rel = path.relative(CASES, file);
    test(rel, () => {
      const rec = readRec(file);
      const v = judge(rel, fs.readFileSync(file, 'utf8'), rec, service, false);
      if (v.exception) usedExceptions.set(v.exception, [...(usedExceptions.get(v.exception) ?? []), rel]);
      assert.deepEqual(v.problems, []);
    });
  }
});

describe('semantic agreement on the corpus (read in place)', () => {
  const recs = fs.existsSync(CORPUS_REC) ? fs.readdirSync(CORPUS_REC).filter((f) => f.endsWith('.xl.json')).sort() : [];
  for (const r of recs) {
    const name = r.replace(/\.xl\.json$/, '');
    test(name, { skip: hasCorpus ? false : NO_SHARED }, () => {
      const rec = JSON.parse(fs.readFileSync(path.join(CORPUS_REC, r), 'utf8')) as { dryrun?: Recording };
      if (!rec.dryrun) return;
      const file = path.join(corpusDir, name);
      assert.ok(fs.existsSync(file), `${file} is gone from the corpus`);
      const v = judge(name, fs.readFileSync(file, 'utf8'), rec.dryrun, service, true);
      if (v.exception) usedExceptions.set(v.exception, [...(usedExceptions.get(v.exception) ?? []), `corpus: ${name}`]);
      assert.deepEqual(v.problems, []);
    });
  }
});

describe('disk specs: our port of the 4.17 scanner against xlucfg (../shared/oracle/disk_results.txt)', () => {
  const file = path.join(oracleDir, 'disk_results.txt');
  const blocks = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split(/^=== disk /m).slice(1) : [];
  test('the recorded disk specs', { skip: blocks.length ? false : NO_SHARED }, () => {
    for (const b of blocks) {
      const spec = /^'(.*)'\n/.exec(b)![1];
      const rc = Number(/xlucfg: rc=(\d+)/.exec(b)![1]);
      const xlErrors = [...b.matchAll(/disk specification: ([^:\n]*?)(?:: near `[^']*')? in `/g)].map((m) => m[1]);
      const ours = parseDisk(spec);
      assert.equal(ours.errors.length === 0, rc === 0, `${spec}: xl rc ${rc}, ours ${JSON.stringify(ours.errors)}`);
      assert.deepEqual(ours.errors.map((e) => e.message), xlErrors, spec);
    }
  });
});

after(() => {
  const rows = Object.entries(EXCEPTIONS).map(([code, why]) => `  ${code.padEnd(24)} ${(usedExceptions.get(code) ?? []).length} case(s)  ${why}`);
  console.log(`\nDocumented exceptions (errors on configs the xl 4.17 dry run accepts):\n${rows.join('\n')}`);
  for (const [code, files] of usedExceptions) console.log(`  ${code}: ${files.join(', ')}`);
});

function readRec(cfg: string): Recording {
  return JSON.parse(fs.readFileSync(cfg.replace(/\.cfg$/, '.xl.json'), 'utf8'));
}
