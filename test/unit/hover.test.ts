// Hover: every key and every sub-key answers; values are explained; unknown keys get a short note.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LanguageService, knowledge } from '../../server/src/service';

const service = new LanguageService();
let n = 0;
/** Hover at the position of `|` in the text. */
function hoverAt(textWithCursor: string, uri = `file:///t/${n++}.cfg`) {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.replace('|', '');
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  const character = offset - (before.lastIndexOf('\n') + 1);
  return service.hover({ uri, version: 1, text }, { line, character });
}

describe('hover on keys', () => {
  test('answers for 100% of the keys in the table, with summary and man page link', () => {
    const silent: string[] = [];
    for (const o of knowledge.options) {
      const h = hoverAt(`${o.key.slice(0, 1)}|${o.key.slice(1)} = 1\n`);
      if (!h || !h.contents.includes(o.summary) || !h.contents.includes(knowledge.link(o))) silent.push(o.key);
    }
    assert.deepEqual(silent, []);
  });

  test('xl.conf keys in a file named xl.conf', () => {
    const h = hoverAt('autob|alloon = "auto"\n', 'file:///etc/xen/xl.conf');
    assert.ok(h);
    assert.match(h.contents, /autoballoon/);
    assert.match(h.contents, /xl\.conf\.5/);
  });

  test('says when a key does not apply to the guest type', () => {
    const h = hoverAt('type = "pv"\nkernel = "/k"\ntimer_m|ode = "delay_for_missed_ticks"\n');
    assert.ok(h);
    assert.match(h.contents, /Does not apply to this PV guest/);
  });

  test('unknown key: xl ignores it, with the closest known keys', () => {
    const h = hoverAt('maxc|pus = 4\n');
    assert.ok(h);
    assert.match(h.contents, /ignores/);
    assert.match(h.contents, /maxvcpus/);
  });
});

describe('hover on values', () => {
  test('type = "pvh" explains PVH', () => {
    const h = hoverAt('type = "p|vh"\n');
    assert.ok(h);
    assert.match(h.contents, /PVH/);
  });
  test('on_crash action is explained', () => {
    const h = hoverAt('on_crash = "coredump-re|start"\n');
    assert.ok(h);
    assert.match(h.contents, /coredump-restart/);
    assert.match(h.contents, /dump|core/i);
  });
  test('memory = 0x800 shows 2048 MiB', () => {
    const h = hoverAt('memory = 0x8|00\n');
    assert.ok(h);
    assert.match(h.contents, /2048 MiB/);
  });
});

describe('hover inside spec strings', () => {
  test('bridge= in a vif', () => {
    const h = hoverAt("vif = [ 'mac=00:16:3e:00:00:01,bri|dge=xenbr0' ]\n");
    assert.ok(h);
    assert.match(h.contents, /vif: bridge=/);
  });
  test('vdev= and a positional field of a disk', () => {
    assert.match(hoverAt("disk = [ 'format=raw,vd|ev=xvda,target=/dev/vg/a' ]\n")!.contents, /disk: vdev=/);
    assert.match(hoverAt("disk = [ '/dev/vg/a,raw,xv|da,rw' ]\n")!.contents, /disk: vdev/);
    assert.match(hoverAt("disk = [ '/dev/vg/a,r|aw,xvda,rw' ]\n")!.contents, /disk: format/);
  });
  test('permissive= in a pci spec', () => {
    const h = hoverAt("pci = [ '0000:03:00.0,permis|sive=1' ]\n");
    assert.ok(h);
    assert.match(h.contents, /pci: permissive=/);
  });
  test('every sub-key of every table answers', () => {
    const silent: string[] = [];
    for (const table of knowledge.specs) {
      const option = knowledge.options.find((o) => o.spec === table.name);
      if (!option) continue;
      for (const sub of table.subkeys) {
        if (sub.kind === 'positional') continue;
        const written = sub.kind === 'flag' ? sub.key : `${sub.key}=x`;
        const value = option.shape[0] === 'list' ? `[ '${written.slice(0, 1)}|${written.slice(1)}' ]` : `'${written.slice(0, 1)}|${written.slice(1)}'`;
        const h = hoverAt(`${option.key} = ${value}\n`);
        if (!h || !h.contents.includes(sub.summary)) silent.push(`${table.name}.${sub.key}`);
      }
    }
    assert.deepEqual(silent, []);
  });
});

describe('ecosystem terms', () => {
  test('in a comment', () => {
    const h = hoverAt('# runs in do|m0\nname = "a"\n');
    assert.ok(h);
    assert.match(h.contents, /control domain|Domain-0/i);
  });
  test('in Markdown text', () => {
    const h = service.termHover('We moved from XenServer to XCP-ng last year.', { line: 0, character: 32 });
    assert.ok(h);
    assert.match(h.contents, /XCP-ng/);
  });
});
