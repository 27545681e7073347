// Document links: a man page link on every known key; links to kernels, disk images and other
// paths when the file exists in the workspace (or, for absolute paths, on this machine).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { knowledge, LanguageService, LinkEnvironment } from '../../server/src/service';
import { candidates } from '../../server/src/service/features/links';

const service = new LanguageService();
let version = 0;

describe('document links', () => {
  test('every known key links to its man page section; unknown keys do not', () => {
    const text = 'memory = 512\nbogus = 1\ndisk = [ "a" ]\n';
    const links = service.documentLinks({ uri: 'file:///g.cfg', version: ++version, text });
    assert.deepEqual(links.map((l) => [l.range.start.line, l.target]), [
      [0, knowledge.link(knowledge.option('memory')!)],
      [2, knowledge.link(knowledge.option('disk')!)],
    ]);
    assert.match(links[0].target, /^https:\/\/xenbits\.xen\.org\/docs\/.*xl\.cfg\.5\.html#/);
    assert.equal(links[0].tooltip, 'xl.cfg(5): memory');
    const conf = service.documentLinks({ uri: 'file:///etc/xen/xl.conf', version: ++version, text: 'autoballoon = "off"\n' });
    assert.match(conf[0].target, /xl\.conf\.5\.html/);
  });

  describe('file paths', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'xlcfg-links-'));
    fs.mkdirSync(path.join(root, 'boot'));
    fs.mkdirSync(path.join(root, 'guests', 'images'), { recursive: true });
    fs.writeFileSync(path.join(root, 'boot', 'vmlinuz'), '');
    fs.writeFileSync(path.join(root, 'guests', 'images', 'web.img'), '');
    fs.writeFileSync(path.join(root, 'guests', 'initrd.img'), '');
    fs.writeFileSync(path.join(root, 'data.qcow2'), '');
    const folder = pathToFileURL(root).href;
    const env: LinkEnvironment = {
      workspaceFolders: [folder],
      isFile: (u) => { try { return fs.statSync(fileURLToPath(u)).isFile(); } catch { return false; } },
    };
    const docUri = pathToFileURL(path.join(root, 'guests', 'web.cfg')).href;
    const fileLinks = (text: string) => {
      const lines = text.split('\n');
      return service.documentLinks({ uri: docUri, version: ++version, text }, env)
        .filter((l) => l.target.startsWith('file:'))
        .map((l) => [lines[l.range.start.line].slice(l.range.start.character, l.range.end.character), path.relative(root, fileURLToPath(l.target))]);
    };

    test('absolute paths under a workspace folder that mirrors the host, relative paths next to the config', () => {
      assert.deepEqual(fileLinks('kernel = "/boot/vmlinuz"\nramdisk = "initrd.img"\n'), [['/boot/vmlinuz', 'boot/vmlinuz'], ['initrd.img', 'guests/initrd.img']]);
    });

    test('disk targets (positional, prefixed, or target=), but not missing files or /dev', () => {
      assert.deepEqual(fileLinks('disk = [ "file:images/web.img,xvda,w", "format=qcow2, vdev=xvdb, target=/data.qcow2", "/dev/vg/x,raw,xvdc,w", "missing.img,raw,xvdd,w" ]\n'),
        [['images/web.img', 'guests/images/web.img'], ['/data.qcow2', 'data.qcow2']]);
    });

    test('no environment, no file links (the service does no I/O)', () => {
      const links = service.documentLinks({ uri: docUri, version: ++version, text: 'kernel = "/boot/vmlinuz"\n' });
      assert.ok(links.every((l) => !l.target.startsWith('file:')));
    });

    test('candidates: relative paths beside the config then in folders; absolute ones in folders then as they are', () => {
      assert.deepEqual(candidates('file:///ws/etc/g.cfg', 'k/vmlinuz', ['file:///ws']), ['file:///ws/etc/k/vmlinuz', 'file:///ws/k/vmlinuz']);
      assert.deepEqual(candidates('file:///ws/g.cfg', '/boot/a b', ['file:///ws/']), ['file:///ws/boot/a%20b', 'file:///boot/a%20b']);
    });
  });
});
