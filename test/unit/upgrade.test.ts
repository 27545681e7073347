// The upgrade check: a config judged by two releases, and the difference sorted by meaning.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LanguageService, UpgradeReport } from '../../server/src/service';

const service = new LanguageService();
let version = 0;
const report = (text: string, from: '4.17' | '4.20' | '4.22', to: '4.17' | '4.20' | '4.22'): UpgradeReport =>
  service.upgrade({ uri: `file:///up${++version}.cfg`, version, text }, from, to);
const kinds = (r: UpgradeReport) => r.changes.map((c) => `${c.diagnostic.range.start.line + 1} ${c.kind} ${c.diagnostic.code}`);

const ARM = 'name = "a"\nkernel = "/boot/Image"\nmemory = 512\ngic_version = "v3"\n';

describe('upgrade check', () => {
  test('a config that is fine in both releases has nothing to report', () => {
    const r = report('name = "a"\ntype = "pvh"\nkernel = "/k"\nmemory = 512\n', '4.17', '4.22');
    assert.deepEqual(r.changes, []);
    assert.equal(r.upgrade, true);
  });

  test('what the old release refused and the new one accepts is listed as resolved, without fixes', () => {
    const r = report(`${ARM}tee = "ffa"\n`, '4.17', '4.20');
    assert.deepEqual(kinds(r), ['5 resolved unknown-value']);
    assert.deepEqual(r.changes[0].diagnostic.fixes, []);
  });

  test('moving back to a release that refuses it is listed as refused, first', () => {
    const r = report(`${ARM}tee = "ffa"\n`, '4.20', '4.17');
    assert.equal(r.upgrade, false);
    assert.deepEqual(kinds(r), ['5 refused unknown-value']);
    assert.match(r.changes[0].diagnostic.message, /ffa/);
  });

  test('a p9 share without path and security_model: refused by 4.17, fine from 4.20', () => {
    const text = 'name = "a"\ntype = "pvh"\nkernel = "/k"\nmemory = 512\np9 = [ "tag=share,type=xen_9pfsd" ]\n';
    assert.ok(kinds(report(text, '4.17', '4.20')).every((k) => k.startsWith('5 resolved')), kinds(report(text, '4.17', '4.20')).join());
    assert.ok(kinds(report(text, '4.20', '4.17')).some((k) => k.startsWith('5 refused')));
  });

  test('a key an older release does not read is listed as no longer read when moving back', () => {
    const r = report('name = "a"\ntype = "pvh"\nkernel = "/k"\nmemory = 512\nbootloader_restrict = 1\n', '4.20', '4.17');
    assert.deepEqual(kinds(r), ['5 no-longer-read not-in-version']);
  });
});
