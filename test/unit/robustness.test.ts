// Regressions for robustness bugs found by fuzzing and the stress run (npm run fuzz, npm run
// stress): each input once made a feature throw or misbehave.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LanguageService } from '../../server/src/service';
import { candidates } from '../../server/src/service/features/links';
import { main } from '../../server/src/cli/main';

const everyFileExists = { workspaceFolders: ['file:///ws'], isFile: () => true };

describe('robustness regressions', () => {
  test('document links: a path with a lone surrogate gets no file link (encodeURIComponent threw)', () => {
    const s = new LanguageService();
    for (const text of ['stubdomain_ramdisk="\uDC00"\n', 'kernel = "/boot/\uD800name"\n', 'disk = [ "format=raw, vdev=xvda, target=/srv/a\uDBFF.img" ]\n']) {
      const links = s.documentLinks({ uri: 'file:///g.cfg', version: 1, text }, everyFileExists);
      assert.ok(links.every((l) => !l.target.startsWith('file:')), `file link for ${JSON.stringify(text)}`);
      assert.ok(links.some((l) => /xl\.cfg\.5\.html/.test(l.target)), 'the key still links to its man page');
      s.close('file:///g.cfg');
    }
    assert.deepEqual(candidates('file:///g.cfg', '/boot/\uD800', ['file:///ws']), []);
    // A well-formed pair is a real name and still links.
    const ok = s.documentLinks({ uri: 'file:///g.cfg', version: 9, text: 'kernel = "/boot/😀"\n' }, everyFileExists);
    assert.ok(ok.some((l) => l.target === 'file:///ws/boot/%F0%9F%98%80'));
  });

  test('xlcfg check FOLDER names broken links and unreadable candidates, and checks the rest', (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlcfg-robust-'));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    fs.writeFileSync(path.join(dir, 'good.cfg'), 'name = "g"\ntype = "pvh"\nkernel = "/k"\n');
    fs.symlinkSync('nowhere.cfg', path.join(dir, 'dangling.cfg'));
    fs.symlinkSync('nowhere', path.join(dir, 'notes.txt')); // not a config name: not reported
    const eio = fs.existsSync('/proc/self/mem');
    if (eio) fs.symlinkSync('/proc/self/mem', path.join(dir, 'eio.cfg'));
    let out = '', err = '';
    const code = main(['check', dir], { out: (s) => { out += s; }, err: (s) => { err += s; } });
    assert.equal(code, 2);
    assert.match(err, /dangling\.cfg: broken symbolic link/);
    assert.doesNotMatch(err, /notes\.txt/);
    if (eio) assert.match(err, /eio\.cfg: input\/output error while reading/);
    assert.match(err, /1 file\(s\) checked/);
    assert.equal(out, '');
  });
});
