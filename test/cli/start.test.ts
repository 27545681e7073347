// npm start (test/e2e/serve.mjs): what it refuses before it starts anything. Serving itself is
// exercised by the e2e harness; these checks need no code-server.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';

const serve = (...args: string[]) => spawnSync(process.execPath, [path.join(repoRoot, 'test/e2e/serve.mjs'), ...args], { encoding: 'utf8', timeout: 30_000 });

describe('npm start refuses before it serves', () => {
  test('an address other than loopback, unless told twice (--expose)', () => {
    for (const host of ['0.0.0.0', '192.168.1.5', '::']) {
      const r = serve(`--host=${host}`);
      assert.equal(r.status, 2, host);
      assert.match(r.stderr, /refusing to listen on .*--expose/s, host);
    }
  });
  test('an unknown option, and a folder that does not exist', () => {
    assert.equal(serve('--hots=127.0.0.1').status, 2);
    const r = serve('/no/such/folder');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no such folder/);
  });
  test('--help exits 0 and names the options', () => {
    const r = serve('--help');
    assert.equal(r.status, 0);
    assert.match(r.stdout, /--expose/);
    assert.match(r.stdout, /--fresh/);
  });
});
