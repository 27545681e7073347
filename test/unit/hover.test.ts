// Hover: every key and every sub-key answers; values are explained; unknown keys get a short note.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LanguageService, knowledge } from '../../server/src/service';
import { NEWEST_RELEASE, type XenRelease } from '../../server/src/service/knowledge';

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
      if (!h || !h.contents.includes(o.summary) || !h.contents.includes(knowledge.link(o, NEWEST_RELEASE))) silent.push(o.key);
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

describe('release notes follow xlcfg.xenVersion', () => {
  const at = (release: XenRelease, text: string) => {
    const s = new LanguageService(undefined, { xenVersion: release });
    const offset = text.indexOf('|');
    const clean = text.replace('|', '');
    const before = clean.slice(0, offset);
    return s.hover({ uri: `file:///r/${n++}.cfg`, version: 1, text: clean }, { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) })?.contents ?? '';
  };
  test('a key says when it came and when it went', () => {
    assert.match(at('4.22', 'vir|tio = []\n'), /Since Xen 4\.18/);
    assert.doesNotMatch(at('4.22', 'vir|tio = []\n'), /Documented by/);
    assert.match(at('4.17', 'vir|tio = []\n'), /not in Xen 4\.17 \(the chosen release\): it came in Xen 4\.18/);
    assert.match(at('4.22', 'p|vh = 1\n'), /Removed in Xen 4\.9/);
    assert.match(at('4.8', 'p|vh = 1\n'), /In every release from Xen 4\.4\n- Removed in Xen 4\.9: xl ignores it/);
    assert.match(at('4.22', 'p|vh = 1\n'), /not in Xen 4\.22 \(the chosen release\): it was removed in Xen 4\.9, and xl ignores it/);
  });
  test('a value shows its own since, deprecated or removed note', () => {
    assert.match(at('4.22', 'tee = "f|fa"\n'), /Since 4\.18/);
    assert.match(at('4.17', 'tee = "f|fa"\n'), /not in Xen 4\.17/);
    const trad = at('4.21', 'device_model_version = "qemu-xen-trad|itional"\n');
    assert.match(trad, /Removed in 4\.21 \(xl refuses it\)/);
    assert.match(trad, /not in Xen 4\.21/);
    assert.match(at('4.11', 'tsc_mode = "native_para|virt"\n'), /Removed in 4\.12 \(xl -N accepts it, but creating the domain fails\)/);
    assert.match(at('4.20', 'tsc_mode = "native_para|virt"\n'), /not in Xen 4\.20 \(the chosen release\): it was removed in Xen 4\.12, and xl -N accepts it, but creating the domain fails/);
    assert.match(at('4.22', 'altp2m = "lim|ited"\n'), /VMFUNC and #VE/);
  });
  test('viridian defaults lists what it means in the chosen release', () => {
    assert.match(at('4.7', 'viridian = [ "def|aults" ]\n'), /In Xen 4\.7 `defaults` means `base`, `freq`, `time_ref_count`, `apic_assist`\./);
    assert.doesNotMatch(at('4.22', 'viridian = [ "def|aults" ]\n'), /`stimer`/);
  });
  test('the key hover lists each value with its own note', () => {
    assert.match(at('4.22', 'device_model_ver|sion = "qemu-xen"\n'), /`qemu-xen-traditional` — [^\n]*removed in 4\.21 \(xl refuses it\)[^\n]* — not in Xen 4\.22/);
  });
  test('nr_spis shows the bound of the chosen release', () => {
    assert.match(at('4.20', 'nr_sp|is = 64\n'), /Range in Xen 4\.20: … to 991/);
    assert.match(at('4.21', 'nr_sp|is = 64\n'), /Range in Xen 4\.21: … to 960 \(5088 with extended SPIs/);
  });
  test('an unknown sub-key says what that release does', () => {
    assert.match(at('4.5', "pci = [ '01:00.0,fo|o=1' ]\n"), /not a pci parameter in Xen 4\.5: xl warns and drops it/);
    assert.match(at('4.20', "pci = [ '01:00.0,fo|o=1' ]\n"), /not a pci parameter in Xen 4\.20: xl refuses the config/);
    assert.match(at('4.22', "vfb = [ 'vnc=1,fo|o=1' ]\n"), /xl skips it without a word/);
  });
  test('an item that is not name=value: what that release does (p9, channel)', () => {
    // xl_parse.c:2219-2223@RELEASE-4.18.0 refuses an item that does not split at '='; the 4.20 oracle agrees.
    assert.match(at('4.17', "p9 = [ 'tag=a,ju|nk' ]\n"), /In Xen 4\.17: An item without `=` makes xl stop reading the rest/);
    assert.match(at('4.18', "p9 = [ 'tag=a,ju|nk' ]\n"), /In Xen 4\.18: A bare word .* makes xl refuse the config/);
    assert.match(at('4.17', "channel = [ 'name=a,=|x' ]\n"), /an empty name \(`=value`\) makes xl refuse the config/);
    assert.match(at('4.18', "channel = [ 'name=a,=|x' ]\n"), /an empty name \(`=value`\) counts as an unknown parameter/);
  });
  test('user text in an unknown sub-key is not Markdown', () => {
    const h = at('4.22', "p9 = [ 'tag=a,<im|g>=1' ]\n");
    assert.match(h, /^`<img>` is not a p9 parameter/);
  });
  test('an option links to the chosen release\'s man page where it documents the key', () => {
    assert.match(at('4.20', 't|ee = "optee"\n'), /https:\/\/xenbits\.xen\.org\/docs\/4\.20-testing\/man\/xl\.cfg\.5\.html#tee-STRING/);
    assert.match(at('master', 't|ee = "optee"\n'), /docs\/unstable\/man\/xl\.cfg\.5\.html#tee-STRING/);
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
