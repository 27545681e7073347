// The knowledge tables: complete against xl's key list, and every entry written for itself.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { knowledge } from '../../server/src/service/knowledge';
import { hasReference, NO_SHARED, referenceDir } from '../support/paths';

/** The 172 keys of reference/xlcfg-options.md (the keys xl_parse.c reads). */
function referenceKeys(): string[] {
  const md = fs.readFileSync(path.join(referenceDir, 'xlcfg-options.md'), 'utf8');
  return [...md.matchAll(/^\| \d+ \| `([a-z0-9_.]+)` \|/gm)].map((m) => m[1]);
}

describe('options table', () => {
  test('has every key xl reads (reference/xlcfg-options.md)', { skip: hasReference ? false : NO_SHARED }, () => {
    const keys = referenceKeys();
    assert.equal(keys.length, 172);
    const missing = keys.filter((k) => !knowledge.option(k));
    assert.deepEqual(missing, []);
  });

  test('has the xl.conf keys of the reference', { skip: hasReference ? false : NO_SHARED }, () => {
    const md = fs.readFileSync(path.join(referenceDir, 'xlcfg-options.md'), 'utf8');
    const line = /## xl\.conf[^\n]*\n([^\n]+)/.exec(md)![1];
    const keys = line.replace(/\(.*\)\.?$/, '').split(',').map((s) => s.trim().replace(/\.$/, ''));
    assert.equal(keys.length, 20);
    assert.deepEqual(keys.filter((k) => !knowledge.option(k, 'xl.conf')), []);
  });

  test('every key has its own summary and explanation, not a template', () => {
    const summaries = new Map<string, string>();
    for (const o of [...knowledge.options, ...knowledge.xlConf]) {
      assert.ok(o.summary.length > 10, `${o.key}: summary too short`);
      assert.ok(o.doc.length > 60, `${o.key}: explanation too short`);
      // With the key's own name blanked out, no two summaries or docs may be the same text.
      const norm = (s: string) => s.split(o.key).join('KEY').toLowerCase();
      const prev = summaries.get(norm(o.summary));
      assert.ok(!prev || prev === o.key, `${o.key} and ${prev} share a summary`);
      summaries.set(norm(o.summary), o.key);
    }
    const docs = new Set<string>();
    for (const o of knowledge.options) {
      const d = o.doc.split(o.key).join('KEY');
      assert.ok(!docs.has(d), `${o.key}: explanation duplicates another key's`);
      docs.add(d);
    }
  });

  test('every documented key links to its man page section', () => {
    for (const o of knowledge.options) {
      const url = knowledge.link(o);
      assert.match(url, /^https:\/\/xenbits\.xen\.org\/docs\/unstable\/man\/xl\.cfg\.5\.html/, o.key);
      if (!o.undocumented && !o.removed && !o.undocumentedSince) assert.ok(o.anchor, `${o.key} has no anchor`);
    }
  });

  test('a release page is linked where that release documents the key', () => {
    const tee = knowledge.option('tee')!;
    assert.equal(knowledge.link(tee, '4.20'), 'https://xenbits.xen.org/docs/4.20-testing/man/xl.cfg.5.html#' + tee.anchor);
    assert.match(knowledge.link(tee, 'master'), /\/docs\/unstable\//);
    // 4.12 had no tee: its page has no such anchor, so the link goes to the current page.
    assert.match(knowledge.link(tee, '4.12'), /\/docs\/unstable\//);
    // opengl left the man page in 4.21.
    assert.match(knowledge.link(knowledge.option('opengl')!, '4.20'), /4\.20-testing/);
    assert.match(knowledge.link(knowledge.option('opengl')!, '4.21'), /\/docs\/unstable\//);
  });

  test('deprecated keys name what replaces them', () => {
    for (const key of ['builder', 'altp2mhvm', 'stdvga', 'device_model']) {
      const o = knowledge.option(key)!;
      assert.ok(o.deprecated, `${key} should be deprecated`);
      assert.ok(o.deprecated.note.length > 10);
    }
  });
});

describe('spec sub-key tables', () => {
  const required = ['disk', 'vif', 'pci', 'vfb', 'vkb', 'channel', 'usbctrl', 'usbdev', 'p9', 'pvcalls', 'vtpm', 'vdispl', 'vsnd', 'virtio', 'rdm', 'vnuma', 'cpuid', 'smbios', 'xenstore_quota'];
  test('a table for every device kind and spec value', () => {
    assert.deepEqual(required.filter((n) => !knowledge.spec(n)), []);
  });
  test('disk has the positional fields target, format, vdev, access', () => {
    const disk = knowledge.spec('disk')!;
    const pos = disk.subkeys.filter((s) => s.kind === 'positional').sort((a, b) => a.position! - b.position!).map((s) => s.key);
    assert.deepEqual(pos.slice(0, 4), ['target', 'format', 'vdev', 'access']);
  });
  test('every option with a spec names an existing table', () => {
    for (const o of knowledge.options) if (o.spec) assert.ok(knowledge.spec(o.spec), `${o.key} -> ${o.spec}`);
  });
  test('value formats are described', () => {
    for (const f of ['cpulist', 'uuid', 'mac', 'iomem', 'ioport', 'vif-rate']) assert.ok(knowledge.format(f), f);
    assert.match(knowledge.format('mac')!.doc, /00:16:3e/);
  });
});

describe('glossary', () => {
  const required = ['dom0', 'domU', 'Xen', 'XAPI', 'XenServer', 'XCP-ng', 'PVH', 'HVM', 'QEMU', 'xenstore', 'grant table', 'event channel', 'toolstack', 'Dom0less', 'Hyperlaunch', 'OVMF', 'pygrub', 'IOMMU', 'Remus', 'COLO', 'vTPM', 'MirageOS', 'Unikraft'];
  test('at least 60 terms, with the required ones', () => {
    assert.ok(knowledge.glossary.length >= 60);
    const names = new Set(knowledge.glossary.flatMap((t) => [t.term, ...t.aliases].map((n) => n.toLowerCase())));
    assert.deepEqual(required.filter((r) => !names.has(r.toLowerCase())), []);
  });
  test('every term has a link, a layer and existing related terms', () => {
    for (const t of knowledge.glossary) {
      assert.match(t.link, /^https:\/\//, t.id);
      for (const r of t.related) assert.ok(knowledge.term(r), `${t.id} -> ${r}`);
    }
  });
});
