// Agreement with xl, recorded: the validator against what the real `xl -N create` of each release
// with an oracle (Xen 4.17 and 4.20, ../shared/oracle; ORACLE_RELEASES) said about the same config.
// Inputs and recordings live in test/semantic/cases/<group>/<name>.cfg and
// <name>.<release>.xl.json (scripts/gen-semantic.mjs makes the inputs, scripts/record-semantic.mjs
// the recordings); the corpus (../shared/corpus) is read in place, with the dry runs recorded next
// to the parser's corpus recordings (test/conformance/corpus/<file>.<release>.xl.json).
//
// The rules, for every config and every release R, judged with xlcfg.xenVersion = R:
//  1. xl R refuses it (exit != 0)  =>  at least one error from us; where the refusal depends on the
//     host (the oracle fakes 8 CPUs and 1 NUMA node) a 'host-dependent' warning is enough.
//  2. every message xl R prints about the config's content has a diagnostic from us of a matching
//     code (MESSAGES below), on the line xl names when it names one; where xl prints a warning
//     and then ignores the value, that diagnostic is an error (the guest would start without it).
//  3. xl R accepts it without a message  =>  no error from us, except the codes in EXCEPTIONS.
//  4. corpus configs xl R accepts get no error at all (the documented exceptions aside: one corpus
//     file has maxmem > memory with PCI passthrough, which fails when the domain is built).
// The rules and the table of xl's messages are in test/support/xlAgreement.ts. A failure names
// the release, the case, what xl said and what we said.

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LanguageService } from '../../server/src/service';
import { parseDisk } from '../../server/src/service/features/diagnostics/disk';
import { ORACLE_RELEASES } from '../../server/src/service/knowledge/types';
import { corpusDir, hasCorpus, NO_SHARED, oracleDir, repoRoot } from '../support/paths';
import { disagreement, EXCEPTIONS, judge, readRecording, Recording, recordingFile } from '../support/xlAgreement';

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

const inputs = walk(CASES);
/** release -> exception code -> the cases that used it */
const usedExceptions = new Map<string, Map<string, string[]>>();
const noteException = (release: string, code: string, what: string) => {
  const m = usedExceptions.get(release) ?? new Map<string, string[]>();
  usedExceptions.set(release, m);
  m.set(code, [...(m.get(code) ?? []), what]);
};

for (const release of ORACLE_RELEASES) {
  const service = new LanguageService(undefined, { xenVersion: release });

  describe(`semantic agreement with xl ${release} (recorded dry runs, xenVersion ${release})`, () => {
    test(`xl ${release}: at least 200 recorded semantic configs, each with its recording`, () => {
      assert.ok(inputs.length >= 200, `only ${inputs.length} inputs under ${CASES}`);
      const missing = inputs.filter((f) => !fs.existsSync(recordingFile(f, release)));
      assert.deepEqual(missing.map((f) => path.relative(CASES, f)), [], `inputs without an xl ${release} recording: run npm run semantic:record`);
      const refused = inputs.filter((f) => readRecording(f, release).exit !== 0).length;
      assert.ok(refused >= 50 && inputs.length - refused >= 50, `want both verdicts well represented: ${refused} refused of ${inputs.length}`);
    });

    for (const file of inputs) {
      const rel = path.relative(CASES, file);
      test(`xl ${release}: ${rel}`, () => {
        const rec = readRecording(file, release);
        assert.equal(rec.xen, release, `${recordingFile(file, release)} was not recorded with xl ${release}`);
        const bytes = fs.readFileSync(file);
        assert.equal(rec.sha256, crypto.createHash('sha256').update(bytes).digest('hex'), `${rel} changed since xl ${release} recorded it: run npm run semantic:record`);
        const text = bytes.toString('utf8');
        const v = judge(rel, text, rec, service, false);
        if (v.exception) noteException(release, v.exception, rel);
        assert.ok(v.problems.length === 0, disagreement(release, rel, rec, v));
      });
    }
  });

  describe(`semantic agreement with xl ${release} on the corpus (read in place)`, () => {
    const suffix = `.${release}.xl.json`;
    const recs = fs.existsSync(CORPUS_REC) ? fs.readdirSync(CORPUS_REC).filter((f) => f.endsWith(suffix)).sort() : [];
    test(`xl ${release}: the corpus has recordings`, { skip: hasCorpus ? false : NO_SHARED }, () => {
      assert.ok(recs.length > 0, `no corpus recordings of xl ${release} in ${CORPUS_REC}: run npm run conformance:record`);
    });
    for (const r of recs) {
      const name = r.slice(0, -suffix.length);
      test(`xl ${release}: corpus ${name}`, { skip: hasCorpus ? false : NO_SHARED }, () => {
        const rec = JSON.parse(fs.readFileSync(path.join(CORPUS_REC, r), 'utf8')) as { dryrun?: Recording };
        assert.ok(rec.dryrun, `${r} holds no dry run: run npm run conformance:record`);
        const file = path.join(corpusDir, name);
        assert.ok(fs.existsSync(file), `${file} is gone from the corpus`);
        const v = judge(name, fs.readFileSync(file, 'utf8'), rec.dryrun, service, true);
        if (v.exception) noteException(release, v.exception, `corpus: ${name}`);
        assert.ok(v.problems.length === 0, disagreement(release, `corpus ${name}`, rec.dryrun, v));
      });
    }
  });
}

/**
 * Each row of the 4.17-vs-4.20 table in ../shared/oracle/README.md, and the cases that record it.
 * The test checks that the cases exist and that the two xl's really answer them differently.
 */
const RELEASE_DIFFERENCES: Record<string, string[]> = {
  'tee = "ffa"': ['enums/tee-ffa', 'releases/tee-ffa-upper'],
  'llc_colors (good, "x", "4-1", not a list)': ['releases/llc-colors', 'releases/llc-colors-word', 'releases/llc-colors-reversed', 'releases/llc-colors-string'],
  'virtio (good, foo=bar, transport=pci)': ['releases/virtio', 'releases/virtio-unknown-key', 'releases/virtio-transport-pci'],
  'smbios (good, unknown type, no "=")': ['releases/smbios', 'releases/smbios-unknown-type', 'releases/smbios-no-equals'],
  'sve (good, bad)': ['releases/sve-128', 'releases/sve-not-multiple'],
  'nr_spis': ['releases/nr-spis', 'releases/nr-spis-word'],
  'hvm_pirq (good, not a number)': ['releases/hvm-pirq', 'releases/hvm-pirq-word'],
  'bootloader_restrict, bootloader_user': ['releases/bootloader-restrict', 'releases/bootloader-restrict-off', 'releases/bootloader-user-list'],
  'vif vlan=': ['vif/vlan-417', 'releases/vif-vlan-tagged'],
  'p9 type=xen_9pfsd, max-files=, default path': ['releases/p9-xen-9pfsd', 'releases/p9-xen-9pfsd-no-path'],
  'p9 without path/security_model': ['releases/p9-tag-only', 'devices/p9-missing-model'],
  'p9 unknown key': ['devices/p9-unknown-key', 'releases/p9-key-upper'],
  'p9 item without "="': ['releases/p9-bare-word'],
  'p9 spaces around "="': ['releases/p9-spaces'],
  'disk grant_usage=1/0': ['disk/grant-usage-417', 'disk/grant-usage-0'],
  'channel name=a=b': ['devices/channel-name-with-equals'],
  'channel item =x': ['devices/channel-empty-key'],
  'channels without devid in the JSON': ['valid/devices'],
  'tsc_mode as a string': ['releases/tsc-mode-native'],
  'CPUID names added after 4.17': ['cpuid-names/sha512', 'cpuid-names/avx-ifma', 'cpuid-names/amx-tile', 'cpuid-names/la57', 'cpuid-names/pks', 'cpuid-names/waitpkg', 'cpuid-names/xfd', 'cpuid-names/wrmsrns', 'cpuid-names/sdbg'],
};

describe('every row of the oracle README\'s 4.17-vs-4.20 table has recorded cases', () => {
  for (const [row, cases] of Object.entries(RELEASE_DIFFERENCES)) {
    test(row, () => {
      const missing = cases.filter((c) => !fs.existsSync(path.join(CASES, `${c}.cfg`)));
      assert.deepEqual(missing, [], `cases for "${row}" are gone from scripts/gen-semantic.mjs`);
      const differ = cases.filter((c) => {
        const [a, b] = ORACLE_RELEASES.map((r) => readRecording(path.join(CASES, `${c}.cfg`), r));
        return a.exit !== b.exit || a.stderr !== b.stderr || a.stdout !== b.stdout;
      });
      assert.ok(differ.length > 0, `no case for "${row}" is answered differently by xl ${ORACLE_RELEASES.join(' and ')}: ${cases.join(', ')}`);
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
  for (const release of ORACLE_RELEASES) {
    const used = usedExceptions.get(release) ?? new Map<string, string[]>();
    const rows = Object.entries(EXCEPTIONS).map(([code, why]) => `  ${code.padEnd(24)} ${(used.get(code) ?? []).length} case(s)  ${why}`);
    console.log(`\nDocumented exceptions (errors on configs the xl ${release} dry run accepts):\n${rows.join('\n')}`);
    for (const [code, files] of used) console.log(`  ${code}: ${files.join(', ')}`);
  }
});
