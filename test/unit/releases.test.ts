// Per-release knowledge: the releases our table says each key exists in are the releases whose xl
// reads it (../shared/reference/by-release/read-X.Y.txt, a text scan of xl's parser at each
// RELEASE-X.Y.0 tag), apart from a short list of known differences, each with its reason.
// How the table was made: docs/releases.md.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { existsIn, inRelease, knowledge, maxIn, OptionInfo, releaseIndex, unknownKeyIn, XEN_RELEASES, XenRelease } from '../../server/src/service/knowledge';
import { hasReference, NO_SHARED, referenceDir } from '../support/paths';

const byRelease = path.join(referenceDir, 'by-release');

function list(kind: 'read' | 'documented', release: XenRelease): Set<string> {
  return new Set(fs.readFileSync(path.join(byRelease, `${kind}-${release}.txt`), 'utf8').split('\n').map((s) => s.trim()).filter(Boolean));
}

interface Exception { key: string; from: XenRelease; to: XenRelease; reason: string }

/** Keys where our table and the scan's read lists differ, and why. Keep it short. */
const READ_EXCEPTIONS: Exception[] = [
  { key: 'device_model_args_pv', from: '4.4', to: 'master', reason: 'read through a macro that pastes the name together ("device_model_args"#type), which the scan cannot see' },
  { key: 'device_model_args_hvm', from: '4.4', to: 'master', reason: 'read through the same macro as device_model_args_pv' },
  { key: 'nodes', from: '4.4', to: '4.8', reason: 'a cpupool config key (xlcpupool.cfg(5)), read by cpupool-create in the same file (xl_cmdimpl.c) until 4.9 moved it to xl_cpupool.c; never a domain key' },
  { key: 'sched', from: '4.4', to: '4.8', reason: 'a cpupool config key, like nodes' },
];

/** Keys whose first man page listing is not the first documentation of the key itself. */
const DOC_EXCEPTIONS: Exception[] = [
  { key: 'type', from: '4.7', to: '4.9', reason: 'the man pages of 4.7 to 4.9 have `type=` items for usbctrl and usbdev specs; the top-level key came in 4.10' },
];

function excepted(list: Exception[], key: string, release: XenRelease): boolean {
  const at = releaseIndex(release);
  return list.some((e) => e.key === key && releaseIndex(e.from) <= at && at <= releaseIndex(e.to));
}

/** Where the table's keys of one release differ from xl's read list, outside the exceptions. */
function readDifferences(options: readonly OptionInfo[], read: Set<string>, release: XenRelease): { ours: string[]; xls: string[] } {
  const ours = new Set(options.filter((o) => existsIn(o, release)).map((o) => o.key));
  return {
    ours: [...ours].filter((k) => !read.has(k) && !excepted(READ_EXCEPTIONS, k, release)).sort(),
    xls: [...read].filter((k) => !ours.has(k) && !excepted(READ_EXCEPTIONS, k, release)).sort(),
  };
}

describe('releases: the option table against xl of every release', { skip: hasReference ? false : NO_SHARED }, () => {
  for (const release of XEN_RELEASES) {
    test(`${release}: the keys the table has are the keys xl ${release} reads`, () => {
      assert.deepEqual(readDifferences(knowledge.options, list('read', release), release), { ours: [], xls: [] });
    });
  }

  test('the comparison catches a since moved by one release either way', () => {
    const moved = (key: string, since: XenRelease) => knowledge.options.map((o) => (o.key === key ? { ...o, since } : o));
    // tee came in 4.13: a table saying 4.14 misses it in 4.13, one saying 4.12 invents it in 4.12.
    assert.deepEqual(readDifferences(moved('tee', '4.14'), list('read', '4.13'), '4.13').xls, ['tee']);
    assert.deepEqual(readDifferences(moved('tee', '4.12'), list('read', '4.12'), '4.12').ours, ['tee']);
    // A removal put one release late shows too: pvh went in 4.9.
    assert.deepEqual(readDifferences(knowledge.options.map((o) => (o.key === 'pvh' ? { ...o, removed: '4.10' as XenRelease } : o)), list('read', '4.9'), '4.9').ours, ['pvh']);
  });

  test('every exception is still needed', () => {
    for (const e of READ_EXCEPTIONS) {
      const release = e.from;
      const inTable = knowledge.option(e.key) ? existsIn(knowledge.option(e.key)!, release) : false;
      assert.notEqual(inTable, list('read', release).has(e.key), `${e.key} in ${release}: table and read list agree, drop the exception`);
    }
  });

  test('documentedSince and undocumentedSince follow the man pages', () => {
    const docs = Object.fromEntries(XEN_RELEASES.map((r) => [r, list('documented', r)])) as Record<XenRelease, Set<string>>;
    const wrong: string[] = [];
    for (const o of knowledge.options) {
      const listed = XEN_RELEASES.filter((r) => docs[r].has(o.key) && !excepted(DOC_EXCEPTIONS, o.key, r));
      if (!listed.length) {
        if (o.documentedSince) wrong.push(`${o.key}: documentedSince ${o.documentedSince}, but no man page lists it`);
        continue;
      }
      if (o.documentedSince !== listed[0]) wrong.push(`${o.key}: documentedSince ${o.documentedSince}, first listed in ${listed[0]}`);
      const last = listed[listed.length - 1];
      const gone = last === 'master' || o.removed ? undefined : XEN_RELEASES[releaseIndex(last) + 1];
      if (o.undocumentedSince !== gone) wrong.push(`${o.key}: undocumentedSince ${o.undocumentedSince}, last listed in ${last}`);
    }
    assert.deepEqual(wrong, []);
  });
});

describe('releases: entries carry their own releases', () => {
  test('every option, enum value and sub-key has a since from XEN_RELEASES, before its removal', () => {
    const bad: string[] = [];
    const check = (id: string, e: { since?: string; removed?: string }) => {
      if (!e.since || releaseIndex(e.since) < 0) bad.push(`${id}: since ${e.since}`);
      if (e.removed && releaseIndex(e.removed) <= releaseIndex(e.since ?? '4.4')) bad.push(`${id}: removed ${e.removed}`);
    };
    for (const o of knowledge.options) {
      check(o.key, o);
      for (const v of o.values ?? []) check(`${o.key}=${v.value}`, v);
    }
    for (const t of knowledge.specs) for (const s of t.subkeys) {
      check(`${t.name}.${s.key}`, s);
      for (const v of s.values ?? []) check(`${t.name}.${s.key}=${v.value}`, v);
    }
    assert.deepEqual(bad, []);
  });

  test('existsIn answers for options, enum values and sub-keys alike', () => {
    const value = (key: string, v: string) => knowledge.option(key)!.values!.find((x) => x.value === v)!;
    const sub = (table: string, key: string) => knowledge.subKey(knowledge.spec(table)!, key)!;
    const span = (e: Parameters<typeof existsIn>[0]) => XEN_RELEASES.filter((r) => existsIn(e, r));
    assert.deepEqual(span(knowledge.option('tee')!)[0], '4.13');
    assert.deepEqual(span(value('tee', 'ffa'))[0], '4.18');
    assert.deepEqual(span(value('device_model_version', 'qemu-xen-traditional')).slice(-1), ['4.20']);
    assert.deepEqual(span(value('tsc_mode', 'native_paravirt')).slice(-1), ['4.11']);
    assert.deepEqual(span(knowledge.option('pvh')!), ['4.4', '4.5', '4.6', '4.7', '4.8']);
    assert.deepEqual(span(sub('p9', 'type'))[0], '4.19');
    assert.deepEqual(span(sub('vif', 'vlan'))[0], '4.19');
    assert.deepEqual(span(sub('disk', 'specification'))[0], '4.17');
    // A sub-key without a release of its own is as old as its option.
    assert.deepEqual(span(sub('p9', 'tag'))[0], '4.9');
  });

  test('what an unknown sub-key does follows the release', () => {
    const pci = knowledge.spec('pci')!;
    const vif = knowledge.spec('vif')!;
    assert.equal(unknownKeyIn(pci, '4.5'), 'warning-dropped');
    assert.equal(unknownKeyIn(pci, '4.6'), 'error');
    assert.equal(unknownKeyIn(vif, '4.4'), 'ignored');
    assert.equal(unknownKeyIn(vif, '4.22'), 'warning-dropped');
    assert.equal(unknownKeyIn(knowledge.spec('p9')!, '4.17'), 'error');
    assert.equal(unknownKeyIn(knowledge.spec('vfb')!, 'master'), 'ignored');
  });

  test('per-release bounds: nr_spis', () => {
    const nrSpis = knowledge.option('nr_spis')!;
    assert.equal(maxIn(nrSpis, '4.19'), 991);
    assert.equal(maxIn(nrSpis, '4.20'), 991);
    assert.equal(maxIn(nrSpis, '4.21'), 960);
    assert.equal(maxIn(nrSpis, 'master'), 960);
    assert.equal(maxIn(nrSpis, '4.18'), undefined);
    assert.equal(inRelease(nrSpis.maxByRelease, '4.22')?.since, '4.21');
  });

  test('viridian defaults grew, and never held stimer', () => {
    const defaults = knowledge.option('viridian')!.values!.find((v) => v.value === 'defaults')!;
    const at = (r: XenRelease) => inRelease(defaults.expandsTo!.map((x) => ({ since: x.since, value: x.values })), r)?.value ?? [];
    assert.deepEqual(at('4.5'), ['base', 'freq', 'time_ref_count']);
    assert.ok(at('4.7').includes('apic_assist') && !at('4.6').includes('apic_assist'));
    assert.ok(at('4.9').includes('crash_ctl'));
    assert.ok(at('4.15').includes('no_vp_limit') && at('4.15').includes('cpu_hotplug'));
    for (const r of XEN_RELEASES) assert.ok(!at(r).includes('stimer'), r);
  });

  test('soundhw names are checked from 4.17, by libxl', () => {
    const soundhw = knowledge.option('soundhw')!;
    assert.equal(soundhw.valuesCheckedSince, '4.17');
    assert.deepEqual(soundhw.values!.map((v) => v.value).sort(), ['ac97', 'adlib', 'cs4231a', 'es1370', 'gus', 'hda', 'sb16']);
  });
});
