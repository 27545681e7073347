// Installable outside a clone: the release script's dry run packs the npm package `xen-xlcfg`
// (one bundled file, no runtime dependencies), which installs offline into a clean prefix and
// whose `xlcfg` runs from anywhere; publishing is skipped without tokens and only announced in
// a dry run with them. Also the release workflow, the pre-commit hooks and the icon.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import YAML from 'yaml';
import { repoRoot } from '../support/paths';

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const TOKENS = ['VSCE_PAT', 'OVSX_PAT', 'NPM_TOKEN', 'NODE_AUTH_TOKEN', 'GITHUB_REF'];
const cleanEnv = (extra: Record<string, string> = {}) => {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !TOKENS.includes(k)) env[k] = v;
  return { ...env, ...extra };
};
const release = (args: string[], extra: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/release.mjs'), ...args], { encoding: 'utf8', cwd: repoRoot, env: cleanEnv(extra) });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

let dir: string;
let summary: { version: string; npmPackage: { name: string; tarball: string }; places: { place: string; action: string; reason?: string }[] };
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlcfg-pack-'));
  const r = release(['--dry-run', '--no-vsix', '--json', '--out', path.join(dir, 'out')]);
  assert.equal(r.code, 0, r.err);
  summary = JSON.parse(r.out);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('npm package', () => {
  test('holds exactly the files listed: the bundle, the schema, README, LICENSE, CHANGELOG; no dependencies', () => {
    const list = spawnSync('tar', ['-tzf', summary.npmPackage.tarball], { encoding: 'utf8' }).stdout.trim().split('\n').sort();
    assert.deepEqual(list, ['package/CHANGELOG.md', 'package/LICENSE', 'package/README.md', 'package/cli.js', 'package/package.json', 'package/schemas/xlcfg-project.schema.json']);
    const manifest = JSON.parse(spawnSync('tar', ['-xzOf', summary.npmPackage.tarball, 'package/package.json'], { encoding: 'utf8' }).stdout);
    assert.equal(manifest.name, 'xen-xlcfg');
    assert.equal(manifest.version, pkg.version);
    assert.deepEqual(manifest.bin, { xlcfg: 'cli.js' });
    assert.ok(Array.isArray(manifest.files) && manifest.files.includes('cli.js'));
    assert.equal(manifest.dependencies, undefined);
    assert.equal(manifest.scripts, undefined);
    // The repository's own manifest is the extension's: it is never published to npm itself.
    assert.equal(pkg.private, true);
  });

  test('installs offline into a clean prefix; xlcfg --version and a check work from outside the repository', () => {
    const prefix = path.join(dir, 'prefix');
    const install = spawnSync('npm', ['install', '-g', summary.npmPackage.tarball, '--prefix', prefix, '--offline', '--cache', path.join(dir, 'npm-cache'), '--no-audit', '--no-fund', '--loglevel', 'error'],
      { encoding: 'utf8', cwd: dir, env: cleanEnv() });
    assert.equal(install.status, 0, install.stderr);
    const bin = path.join(prefix, 'bin', 'xlcfg');
    assert.ok(fs.existsSync(bin), 'bin/xlcfg installed');
    const work = path.join(dir, 'elsewhere');
    fs.mkdirSync(work);
    fs.writeFileSync(path.join(work, 'guest.cfg'), 'name = "g"\ntype = pvh\nkernel = "/k"\n');
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8', cwd: work });
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout.trim(), pkg.version);
    const check = spawnSync(bin, ['check', 'guest.cfg'], { encoding: 'utf8', cwd: work });
    assert.equal(check.status, 1, check.stderr);
    assert.match(check.stdout, /^guest\.cfg:2:8: error: .*\[bare-word\]$/m);
    assert.match(check.stderr, /1 file\(s\) checked against Xen /);
  });
});

describe('release script', () => {
  test('without tokens every place is skipped, and says which token is missing', () => {
    assert.deepEqual(summary.places.map((p) => [p.place, p.action]), [['vscode-marketplace', 'skipped'], ['open-vsx', 'skipped'], ['npm', 'skipped']]);
    assert.match(summary.places[2].reason!, /NPM_TOKEN/);
  });
  test('a dry run with a token announces the publication and performs none', () => {
    const r = release(['--dry-run', '--no-vsix', '--json', '--out', path.join(dir, 'out2')], { NPM_TOKEN: 'not-a-real-token' });
    assert.equal(r.code, 0, r.err);
    const npm = JSON.parse(r.out).places.find((p: { place: string }) => p.place === 'npm');
    assert.equal(npm.action, 'would-publish');
    assert.match(r.err, /npm: would publish xen-xlcfg-[\d.]+\.tgz \(dry run\)/);
    assert.equal(fs.existsSync(path.join(dir, 'out2', 'publish.npmrc')), false);
  });
  test('a tag that does not match the version is refused', () => {
    const r = release(['--dry-run', '--no-vsix', '--out', path.join(dir, 'out3')], { GITHUB_REF: 'refs/tags/v99.0.0' });
    assert.equal(r.code, 1);
    assert.match(r.err, /does not match package\.json's version/);
    assert.equal(release(['--dry-run', '--no-vsix', '--out', path.join(dir, 'out4')], { GITHUB_REF: `refs/tags/v${pkg.version}` }).code, 0);
  });
  test('the full dry run builds the .vsix with the icon, the schema and the CHANGELOG, and would publish it everywhere', (t) => {
    if (!process.env.CI && !process.env.XLCFG_TEST_VSIX) { t.skip('packaging the .vsix takes half a minute; runs in CI (CI=true) or with XLCFG_TEST_VSIX=1'); return; }
    const r = release(['--dry-run', '--json', '--out', path.join(dir, 'full')], { VSCE_PAT: 'x', OVSX_PAT: 'x', NPM_TOKEN: 'x' });
    assert.equal(r.code, 0, r.err);
    const full = JSON.parse(r.out);
    assert.deepEqual(full.places.map((p: { action: string }) => p.action), ['would-publish', 'would-publish', 'would-publish']);
    const vsix = fs.readFileSync(full.vsix);
    // Entry names are stored as they are in a zip (vsce writes the changelog's in lower case).
    const names = vsix.toString('latin1');
    for (const name of ['extension/icon.png', 'extension/schemas/xlcfg-project.schema.json', 'extension/changelog.md', 'extension/package.json']) {
      assert.ok(names.toLowerCase().includes(name.toLowerCase()), `${name} in the .vsix`);
    }
  });
  test('the workflow runs the script on version tags, with the three tokens from secrets', () => {
    const wf = YAML.parse(fs.readFileSync(path.join(repoRoot, '.github/workflows/release.yml'), 'utf8'));
    assert.deepEqual(wf.on.push.tags, ['v*']);
    const steps = wf.jobs.release.steps as { run?: string; env?: Record<string, string> }[];
    const publish = steps.find((s) => s.run?.includes('node scripts/release.mjs'))!;
    assert.ok(publish, 'a step runs scripts/release.mjs');
    assert.deepEqual(Object.keys(publish.env!).sort(), ['NODE_AUTH_TOKEN', 'OVSX_PAT', 'VSCE_PAT']);
    assert.match(publish.env!.NODE_AUTH_TOKEN, /secrets\.NPM_TOKEN/);
    const order = steps.map((s) => s.run ?? '');
    assert.ok(order.findIndex((s) => s.includes('build -- --minify')) < order.indexOf(publish.run!), 'the bundles are built before the release');
  });
});

describe('README', () => {
  test("the CI section installs what exists outside the repository: the release's pinned tarball, never npx of a name", () => {
    const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const cli = readme.slice(readme.indexOf('## Command-line tool'), readme.indexOf('## Installing into desktop VS Code'));
    assert.doesNotMatch(cli, /npx\s+(xlcfg|xen-xlcfg)/);
    const urls = [...cli.matchAll(/npm install -g (\S+\.tgz)/g)].map((m) => m[1]);
    assert.ok(urls.length >= 2);
    const tarballName = path.basename(summary.npmPackage.tarball);
    for (const u of urls) {
      assert.equal(u, `${pkg.repository.url}/releases/download/v${pkg.version}/${tarballName}`);
    }
    assert.match(cli, /npm install -g xen-xlcfg@[\d.]+/);
    assert.match(cli, /once the npm package is published/i);
  });
});

describe('pre-commit hooks', () => {
  const hooks = YAML.parse(fs.readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; files: string; language: string }[];
  test('check and fmt, each an xlcfg command whose options end with --', () => {
    assert.deepEqual(hooks.map((h) => h.id), ['xlcfg-check', 'xlcfg-fmt']);
    for (const h of hooks) { assert.match(h.entry, /^xlcfg (check|fmt) .*--$/); assert.equal(h.language, 'system'); }
  });
  test('their file patterns take configs and leave other files', () => {
    for (const h of hooks) {
      const re = new RegExp(h.files);
      for (const yes of ['etc/xen/web.cfg', 'etc/xen/auto/web', 'vms/a.xl', 'b.xlcfg', 'xl.conf', 'host/etc/xen/xl.conf', 'xlexample.hvm']) assert.ok(re.test(yes), `${h.id}: ${yes}`);
      for (const no of ['setup.cfg', 'src/app.cfg', 'README.md', 'etc/xen/scripts/vif-bridge/x', 'etc/xen/xend-config.sxp', 'etc/xen/cpupool']) assert.ok(!re.test(no), `${h.id}: ${no}`);
    }
  });
  test('the entries run as pre-commit runs them (files appended): a bad config fails, a good one passes', () => {
    const cli = path.join(repoRoot, 'dist/cli.js');
    const good = path.join(dir, 'good.xl');
    const bad = path.join(dir, '-bad.xl');
    fs.writeFileSync(good, 'name = "g"\ntype = "pvh"\nkernel = "/k"\n');
    fs.writeFileSync(bad, 'name = "g"\ntype = "pvh"\nkernel = "/k"\nmaxcpus = 2\n');
    for (const h of hooks) {
      const args = h.entry.split(' ').slice(1);
      const ok = spawnSync(process.execPath, [cli, ...args, good], { encoding: 'utf8', cwd: dir });
      assert.equal(ok.status, 0, `${h.id}: ${ok.stderr}`);
    }
    const check = hooks.find((h) => h.id === 'xlcfg-check')!;
    const failing = spawnSync(process.execPath, [cli, ...check.entry.split(' ').slice(1), bad], { encoding: 'utf8', cwd: dir });
    assert.equal(failing.status, 1, failing.stderr);
  });
});

describe('icon', () => {
  test('a 128x128 PNG under 10 KB, named by package.json, and what scripts/icon/render.mjs draws from icon.svg', () => {
    assert.equal(pkg.icon, 'icon.png');
    const png = fs.readFileSync(path.join(repoRoot, pkg.icon));
    assert.ok(png.length < 10 * 1024, `${png.length} bytes`);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    const fresh = path.join(dir, 'icon.png');
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/icon/render.mjs'), '--out', fresh], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(fs.readFileSync(fresh).equals(png), 'icon.png is out of date: node scripts/icon/render.mjs');
    // Not blank: the decoded pixels hold several colours.
    const idat = png.subarray(png.indexOf('IDAT') + 4, png.indexOf('IEND') - 8);
    const raw = zlib.inflateSync(idat);
    const colours = new Set<string>();
    for (let i = 1; i < raw.length; i += 4 * 16) colours.add(raw.subarray(i, i + 4).toString('hex'));
    assert.ok(colours.size >= 5, `${colours.size} colours`);
  });
});
