// The status bar's words for the active config: guest type, and whether xl would accept it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LanguageService } from '../../server/src/service';
import { describeStatus } from '../../client/src/statusText';

const service = new LanguageService();
let version = 0;
const statusOf = (text: string, uri = 'file:///g.cfg') => service.status({ uri, version: ++version, text });

describe('status bar', () => {
  test('the service reports guest type, where it came from, and error and warning counts', () => {
    assert.deepEqual(statusOf('name = "a"\ntype = "pvh"\nkernel = "/k"\nmemory = 512\n'), { kind: 'domain', guestType: 'pvh', guestSource: 'type', errors: 0, warnings: 0, release: '4.22' });
    const broken = statusOf('name = "a"\ntype = hvm\n');
    assert.equal(broken.errors, 1);
    assert.equal(statusOf('builder = "hvm"\n').guestSource, 'builder');
    // A type line xl cannot read as written still says what the file means (with-mistakes.cfg).
    assert.deepEqual([statusOf('name = "a"\ntype = pvh\nbuilder = "hvm"\n')].map((s) => [s.guestType, s.guestSource]), [['pvh', 'type']]);
    assert.equal(statusOf('name = "a"\n').guestSource, 'default');
    assert.equal(statusOf('autoballoon = "off"\n', 'file:///etc/xen/xl.conf').kind, 'xl.conf');
    assert.equal(new LanguageService(undefined, { xenVersion: '4.17' }).status({ uri: 'file:///h.cfg', version: 1, text: 'name = "a"\n' }).release, '4.17');
  });

  const cases: [Parameters<typeof describeStatus>[0], string, RegExp, 'error' | 'warning' | 'none'][] = [
    [{ kind: 'domain', guestType: 'pvh', guestSource: 'type', errors: 0, warnings: 0, release: '4.22', releaseNote: 'Xen 4.22 (the newest release)' }, '$(pass) PVH guest · Xen 4.22', /from `type`[\s\S]*No problems found[\s\S]*Judged by Xen 4\.22 \(the newest release\)\./, 'none'],
    [{ kind: 'domain', guestType: 'hvm', guestSource: 'type', errors: 2, warnings: 1, release: '4.17' }, '$(error) HVM guest · Xen 4.17 · 2 errors', /reject[\s\S]*2 errors and 1 warning\.[\s\S]*Judged by Xen 4\.17\./, 'error'],
    [{ kind: 'domain', guestType: 'pv', guestSource: 'default', errors: 0, warnings: 3, release: '4.20' }, '$(warning) PV guest · Xen 4.20', /no `type` set: xl assumes PV[\s\S]*3 warnings/, 'warning'],
    [{ kind: 'domain', guestType: 'hvm', guestSource: 'builder', errors: 1, warnings: 0, release: 'master' }, '$(error) HVM guest · Xen master · 1 error', /deprecated `builder`/, 'error'],
    [{ kind: 'xl.conf', guestType: 'pv', guestSource: 'default', errors: 0, warnings: 0, release: '4.22' }, '$(pass) xl.conf · Xen 4.22', /^Xen xl\.conf\n/, 'none'],
  ];
  for (const [status, text, tooltip, colour] of cases) {
    test(`${text}`, () => {
      const d = describeStatus(status);
      assert.equal(d.text, text);
      assert.match(d.tooltip, tooltip);
      assert.equal(d.error ? 'error' : d.warning ? 'warning' : 'none', colour);
    });
  }
});
