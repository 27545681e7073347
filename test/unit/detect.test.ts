// Which files the extension claims: by name, and by content for other .cfg files.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { claim, claimByName } from '../../server/src/service/detect';
import { knowledge } from '../../server/src/service/knowledge';
import { corpusFiles, hasCorpus, negativeCorpusFiles, NO_SHARED } from '../support/paths';

describe('claimed by name', () => {
  const yes = ['/etc/xen/web.cfg', '/srv/etc/xen/db.cfg', '/etc/xen/auto/web', '/etc/xen/xl.conf', '/home/me/xl.conf', '/x/xlexample.hvm', 'guest.xl', 'guest.xlcfg'];
  const no = ['/etc/xen/scripts/vif-bridge', '/etc/xen/scripts/block.cfg', '/home/me/app.cfg', '/etc/xen/sub/dir/x.cfg', 'xen.conf'];
  for (const p of yes) test(`claims ${p}`, () => assert.equal(claimByName(p), true));
  for (const p of no) test(`does not claim ${p} by name`, () => assert.equal(claimByName(p), false));
});

describe('claimed by content', () => {
  test('every corpus domain config, saved under a plain .cfg name outside /etc/xen, is claimed', { skip: hasCorpus ? false : NO_SHARED }, () => {
    const files = corpusFiles();
    assert.ok(files.length >= 20);
    const unclaimed = files.filter((f) => claim(`/home/user/configs/${path.basename(f)}`, fs.readFileSync(f, 'utf8'), knowledge) === 'no');
    assert.deepEqual(unclaimed.map((f) => path.basename(f)), []);
  });

  test('the not-xl-domain-configs (INI, xen.efi boot configs) stay unclaimed, even in /etc/xen', { skip: hasCorpus ? false : NO_SHARED }, () => {
    const files = negativeCorpusFiles();
    assert.ok(files.length >= 4);
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      assert.equal(claim(`/home/user/${path.basename(f)}`, text, knowledge), 'no', path.basename(f));
      assert.equal(claim(`/etc/xen/${path.basename(f, '.cfg')}`, text, knowledge), 'no', `extensionless in /etc/xen: ${path.basename(f)}`);
    }
  });

  test('a hotplug shell script in /etc/xen is not claimed', () => {
    const script = '#!/bin/bash\ndir=$(dirname "$0")\n. "$dir/xen-network-common.sh"\nbridge=${bridge:-xenbr0}\n';
    assert.equal(claim('/etc/xen/vif-custom', script, knowledge), 'no');
  });

  test('an extensionless xl config in /etc/xen is claimed', () => {
    assert.equal(claim('/etc/xen/web01', 'name = "web01"\nmemory = 1024\nvif = [ "bridge=xenbr0" ]\n', knowledge), 'by-content');
  });

  test('INI with an xl-looking key is still not claimed', () => {
    assert.equal(claim('/srv/app.cfg', '[main]\nname = "x"\nport = 80\nhost = localhost\n', knowledge), 'no');
  });
});
