// The checks across the configs of a folder (features/fleet): data-driven from the folders under
// test/fixtures/fleet (each <name>/ has its reviewed findings in <name>.expected.txt, one per line:
// `FILE:LINE CODE -> OTHER:LINE ...`), the samples, the shared corpus per source repository, and
// the model's incremental updates, suppressions, severities and references.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LanguageService } from '../../server/src/service';
import type { Settings } from '../../server/src/service';
import {
  Fleet, FLEET_CODES, FLEET_DEFAULT_SEVERITY, identityOf, normaliseBdf, normaliseMac, normaliseTarget, parseHostProfile, dom0Memory,
} from '../../server/src/service/features/fleet';
import type { FleetDiagnostic } from '../../server/src/service/features/fleet';
import { SEMANTIC_CODES } from '../../server/src/service/features/diagnostics/codes';
import { loadFolderFleet } from '../../server/src/fleet/folder';
import { corpusDir, hasCorpus, NO_SHARED, repoRoot } from '../support/paths';

const FIXTURES = path.join(repoRoot, 'test', 'fixtures', 'fleet');
/** pygrub-unrestricted is off by default; the fixtures check it too. */
const SETTINGS: Partial<Settings> = { diagnostics: { 'pygrub-unrestricted': 'warning' } };

function render(findings: Map<string, FleetDiagnostic[]>, rel: (uri: string) => string): string[] {
  const out: string[] = [];
  for (const [uri, ds] of findings) {
    for (const d of ds) {
      const others = d.related.map((r) => `${rel(r.uri)}:${r.range.start.line + 1}`).join(' ');
      out.push(`${rel(uri)}:${d.range.start.line + 1} ${d.code}${others ? ` -> ${others}` : ''}`);
    }
  }
  return out.sort();
}

function expected(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).sort();
}

function folderFindings(dir: string, settings = SETTINGS) {
  const service = new LanguageService(undefined, settings);
  const load = loadFolderFleet(service, dir);
  return { ...load, lines: render(load.fleet.findings(), (u) => path.relative(dir, fileURLToPath(u))) };
}

describe('fleet: fixture folders', () => {
  const folders = fs.readdirSync(FIXTURES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  test('there are fixture folders with expectations', () => {
    assert.ok(folders.includes('conflicts') && folders.includes('near-misses'));
    for (const f of folders) assert.ok(fs.existsSync(path.join(FIXTURES, `${f}.expected.txt`)), `${f}.expected.txt`);
  });
  for (const folder of folders) {
    test(`${folder}: the findings are the reviewed ones, each with the other file and line`, () => {
      const { lines } = folderFindings(path.join(FIXTURES, folder));
      assert.deepEqual(lines, expected(path.join(FIXTURES, `${folder}.expected.txt`)));
    });
  }

  test('conflicts: a conflict of every kind, and every conflict between two files is found from both sides', () => {
    const { lines } = folderFindings(path.join(FIXTURES, 'conflicts'));
    const codes = new Set(lines.map((l) => l.split(' ')[1]));
    for (const code of FLEET_CODES) assert.ok(codes.has(code), `no ${code} planted`);
    for (const l of lines) {
      const m = /^(\S+) (\S+) -> (\S+)$/.exec(l);
      if (!m || m[2].startsWith('autostart')) continue;
      assert.ok(lines.includes(`${m[3]} ${m[2]} -> ${m[1]}`), `${l}: not found from the other side`);
    }
  });

  test('conflicts: messages name the other file and line, and say what happens', () => {
    const { fleet } = folderFindings(path.join(FIXTURES, 'conflicts'));
    const all = [...fleet.findings().values()].flat();
    const disk = all.filter((d) => d.code === 'shared-writable-disk');
    assert.ok(disk.some((d) => /db2\.cfg:4/.test(d.message) && /hotplug script .* refuses/.test(d.message)), 'phy: refused at start');
    assert.ok(disk.some((d) => /web2\.cfg:7/.test(d.message) && /QEMU .* corrupted/.test(d.message)), 'qcow2: corrupted');
    assert.ok(disk.some((d) => /custom block script .* corrupted/.test(d.message)), 'script backend: corrupted');
    const mem = all.find((d) => d.code === 'autostart-memory')!;
    assert.match(mem.message, /2 autostarted guests need 8192 MiB.*8192 MiB, 2048 MiB of it kept by dom0/);
  });

  test('near misses: the guests are there and share things, yet no finding', () => {
    const { fleet, lines } = folderFindings(path.join(FIXTURES, 'near-misses'));
    assert.deepEqual(lines, []);
    assert.equal(fleet.size, 6, 'six guests; the template is left out');
    assert.equal(fleet.references('disk', 'Domain-0\0/srv/images/base.qcow2').length, 2, 'read-only sharing');
    assert.equal(fleet.references('disk', 'Domain-0\0/srv/iso/installer.iso').length, 2, 'a shared CD-ROM');
    assert.equal(fleet.references('disk', 'stor1\0/dev/vg0/db').length, 1);
    assert.equal(fleet.references('disk', 'stor2\0/dev/vg0/db').length, 1);
    assert.equal(fleet.references('bridge', 'Domain-0\0xenbr0').length, 2);
    assert.ok(fleet.getHost(), 'the host profile was read');
  });

  test('without a host profile the host rules stay silent', () => {
    const service = new LanguageService(undefined, SETTINGS);
    const { fleet } = loadFolderFleet(service, path.join(FIXTURES, 'conflicts'), { host: null });
    const codes = new Set([...fleet.findings().values()].flat().map((d) => d.code));
    assert.ok(!codes.has('autostart-memory') && !codes.has('vcpus-over-host-cpus'));
    assert.ok(codes.has('duplicate-mac'));
  });

  test('the samples give no conflict', () => {
    const { fleet, lines } = folderFindings(path.join(repoRoot, 'samples'), {});
    assert.ok(fleet.size >= 4);
    assert.deepEqual(lines, []);
  });
});

describe('fleet: the shared corpus, per source repository', () => {
  test('findings match the reviewed list', { skip: hasCorpus ? false : NO_SHARED }, () => {
    const index = fs.readFileSync(path.join(corpusDir, 'INDEX.md'), 'utf8');
    const byRepo = new Map<string, string[]>();
    for (const line of index.split('\n')) {
      const m = /^([^|\s][^|]*?) \| ([^|]+?) \|/.exec(line);
      if (!m || m[1] === 'file' || !fs.existsSync(path.join(corpusDir, m[1]))) continue;
      byRepo.set(m[2], [...(byRepo.get(m[2]) ?? []), m[1]]);
    }
    assert.ok(byRepo.size >= 4);
    const service = new LanguageService(undefined, SETTINGS);
    const got: string[] = [];
    for (const [repo, files] of byRepo) {
      const fleet = new Fleet();
      for (const f of files) {
        const uri = pathToFileURL(path.join(corpusDir, f)).href;
        fleet.update(uri, identityOf(service, { uri, version: 0, text: fs.readFileSync(path.join(corpusDir, f), 'latin1') }));
        service.close(uri);
      }
      for (const l of render(fleet.findings(), (u) => path.basename(fileURLToPath(u)))) got.push(`${repo}: ${l}`);
    }
    assert.deepEqual(got.sort(), expected(path.join(FIXTURES, 'corpus.expected.txt')));
  });
});

describe('fleet: the model', () => {
  const service = new LanguageService();
  let v = 0;
  const id = (uri: string, text: string, s = service) => identityOf(s, { uri, version: ++v, text });
  const guest = (name: string, extra = '') => `name = "${name}"\ntype = "pvh"\nkernel = "/k"\n${extra}`;

  test('normalising: targets, MACs, PCI addresses', () => {
    assert.equal(normaliseTarget('/dev//vg0/./x'), '/dev/vg0/x');
    assert.equal(normaliseTarget('/srv/a/../images/x.img/'), '/srv/images/x.img');
    assert.equal(normaliseTarget('/../x'), '/x');
    assert.equal(normaliseTarget('/dev/mapper/vg0-x'), '/dev/vg0/x');
    assert.equal(normaliseTarget('/dev/mapper/my--vg-lv--1'), '/dev/my-vg/lv-1');
    assert.equal(normaliseTarget('iqn.2001-05.com.example:db'), 'iqn.2001-05.com.example:db');
    assert.equal(normaliseMac('00:16:3E:0:a:FF'), '00:16:3e:00:0a:ff');
    assert.equal(normaliseMac('00:16:3e:00:0a'), undefined);
    assert.equal(normaliseBdf('03:00.0'), '0000:03:00.0');
    assert.equal(normaliseBdf('0000:03:00.0'), '0000:03:00.0');
    assert.equal(normaliseBdf('0001:0a:1f.7'), '0001:0a:1f.7');
    assert.equal(normaliseBdf('03:00'), undefined);
  });

  test('phy:, target= and a bare path name the same LV; another backend domain does not', () => {
    const f = new Fleet();
    f.update('a', id('file:///a.cfg', guest('a', 'disk = [ "phy:/dev/vg0/x,xvda,w" ]')));
    f.update('b', id('file:///b.cfg', guest('b', 'disk = [ "vdev=xvda,target=/dev/vg0/x" ]')));
    f.update('c', id('file:///c.cfg', guest('c', 'disk = [ "/dev/vg0/x,raw,xvda,w" ]')));
    f.update('d', id('file:///d.cfg', guest('d', 'disk = [ "backend=stor,vdev=xvda,target=/dev/vg0/x" ]')));
    assert.equal(f.references('disk', 'Domain-0\0/dev/vg0/x').length, 3);
    assert.equal(f.diagnosticsFor('a')[0].related.length, 2);
    assert.deepEqual(f.diagnosticsFor('d'), []);
  });

  test('one writer and one reader conflict; two readers do not; a CD-ROM is read-only', () => {
    const f = new Fleet();
    f.update('a', id('file:///a.cfg', guest('a', 'disk = [ "/img/x.qcow2,qcow2,xvda,r" ]')));
    f.update('b', id('file:///b.cfg', guest('b', 'disk = [ "/img/x.qcow2,qcow2,xvda,ro" ]')));
    f.update('c', id('file:///c.cfg', guest('c', 'disk = [ "/img/x.qcow2,qcow2,hdc:cdrom" ]')));
    assert.deepEqual([...f.findings().keys()], []);
    f.update('w', id('file:///w.cfg', guest('w', 'disk = [ "/img/x.qcow2,qcow2,xvda,w" ]')));
    assert.equal(f.diagnosticsFor('w')[0].related.length, 3);
    assert.match(f.diagnosticsFor('a')[0].message, /the other guest writes it while this one reads it/);
  });

  test('an update is incremental: it reports the files it concerns, and only those', () => {
    const f = new Fleet();
    for (let i = 0; i < 50; i++) f.update(`u${i}`, id(`file:///u${i}.cfg`, guest(`g${i}`, `vif = [ "mac=00:16:3e:00:01:${i.toString(16).padStart(2, '0')},bridge=xenbr0" ]`)));
    assert.deepEqual([...f.findings().keys()], []);
    // u7 takes u3's MAC: u7 and u3 change, nobody else (all share the bridge, which is no conflict).
    const touched = f.update('u7', id('file:///u7.cfg', guest('g7', 'vif = [ "mac=00:16:3e:00:01:03,bridge=xenbr0" ]')));
    assert.deepEqual([...touched].sort(), ['u3', 'u7']);
    assert.equal(f.diagnosticsFor('u3')[0].code, 'duplicate-mac');
    // Back again: both are told, and the conflict is gone.
    const back = f.update('u7', id('file:///u7.cfg', guest('g7', 'vif = [ "mac=00:16:3e:00:01:07,bridge=xenbr0" ]')));
    assert.deepEqual([...back].sort(), ['u3', 'u7']);
    assert.deepEqual(f.diagnosticsFor('u3'), []);
    f.update('u8', id('file:///u8.cfg', guest('g3')));
    assert.equal(f.diagnosticsFor('u3')[0].code, 'duplicate-guest-name');
    assert.deepEqual([...f.remove('u8')].sort(), ['u3', 'u8']);
    assert.deepEqual(f.diagnosticsFor('u3'), []);
  });

  test('a comment silences a fleet code on its line, and a setting changes its severity or turns it off', () => {
    const f = new Fleet();
    f.update('a', id('file:///a.cfg', guest('a', '# xlcfg-disable-next-line duplicate-mac -- the same card moved\nvif = [ "mac=00:16:3e:00:00:01" ]')));
    f.update('b', id('file:///b.cfg', guest('b', 'vif = [ "mac=00:16:3e:00:00:01" ]')));
    assert.deepEqual(f.diagnosticsFor('a'), []);
    assert.equal(f.diagnosticsFor('b')[0].severity, 'error');
    const quiet = new LanguageService(undefined, { diagnostics: { 'duplicate-mac': 'warning', 'duplicate-guest-name': 'off' } });
    f.update('b', id('file:///b.cfg', guest('a', 'vif = [ "mac=00:16:3e:00:00:01" ]'), quiet));
    assert.deepEqual(f.diagnosticsFor('b').map((d) => [d.code, d.severity]), [['duplicate-mac', 'warning']]);
    assert.deepEqual(f.diagnosticsFor('a').map((d) => d.code), ['duplicate-guest-name']);
  });

  test('VNC: the default vncunused = 1 is no conflict; vncunused = 0 on the same display is, and so is a SPICE port on the same TCP port', () => {
    const hvm = (name: string, extra: string) => `name = "${name}"\ntype = "hvm"\n${extra}`;
    const f = new Fleet();
    f.update('a', id('file:///a.cfg', hvm('a', 'vncdisplay = 2')));
    f.update('b', id('file:///b.cfg', hvm('b', 'vncdisplay = 2')));
    assert.deepEqual(f.diagnosticsFor('a'), []);
    f.update('a', id('file:///a.cfg', hvm('a', 'vncdisplay = 2\nvncunused = 0')));
    f.update('b', id('file:///b.cfg', hvm('b', 'vnclisten = "127.0.0.1:2"\nvncunused = 0')));
    f.update('c', id('file:///c.cfg', hvm('c', 'vnc = 0\nspice = 1\nspiceport = 5902\nspicepasswd = "x"')));
    assert.equal(f.diagnosticsFor('a')[0].related.length, 2);
    assert.match(f.diagnosticsFor('c')[0].message, /SPICE port 5902 .* 'a' and 'b'/);
  });

  test('a file that is no guest is left out: xl.conf, a fragment with no name, a template', () => {
    assert.equal(id('file:///etc/xen/xl.conf', 'autoballoon = "off"\n'), undefined);
    assert.equal(id('file:///frag.cfg', 'vif = [ "mac=00:16:3e:00:00:01" ]\n'), undefined);
    assert.equal(id('file:///t.cfg', 'name = "{{ vm.name }}"\n'), undefined);
    assert.equal(id('file:///t2.cfg', 'name = "web"\ndisk = [ "phy:/dev/vg0/${NAME},xvda,w" ]\n'), undefined);
    assert.ok(id('file:///g.cfg', guest('g')));
  });

  test('references: a claim under the cursor and the same thing in every config', () => {
    const f = new Fleet();
    const text = guest('a', 'vif = [ "mac=00:16:3E:00:00:01,bridge=xenbr0" ]');
    f.update('file:///a.cfg', id('file:///a.cfg', text));
    f.update('file:///b.cfg', id('file:///b.cfg', guest('b', 'vif = [ "bridge=xenbr0,mac=00:16:3e:00:00:01" ]')));
    const line = text.split('\n').findIndex((l) => l.startsWith('vif'));
    const macAt = f.claimAt('file:///a.cfg', { line, character: text.split('\n')[line].indexOf('3E') });
    assert.equal(macAt?.kind, 'mac');
    assert.equal(f.references(macAt!.kind, macAt!.claim.key).length, 2);
    const bridgeAt = f.claimAt('file:///a.cfg', { line, character: text.split('\n')[line].indexOf('xenbr0') + 2 });
    assert.equal(bridgeAt?.kind, 'bridge');
    assert.deepEqual(f.references('bridge', bridgeAt!.claim.key).map((r) => r.uri).sort(), ['file:///a.cfg', 'file:///b.cfg']);
    assert.equal(f.claimAt('file:///a.cfg', { line: 0, character: 9 })?.kind, 'name');
  });

  test('autostart: an entry to nothing, to a non-guest, to a broken config', () => {
    const f = new Fleet();
    f.setAutostart('file:///auto/x', undefined);
    f.setAutostart('file:///auto/y', 'file:///y.cfg');
    assert.deepEqual(f.diagnosticsFor('file:///auto/x').map((d) => d.code), ['autostart-missing-config']);
    assert.match(f.diagnosticsFor('file:///auto/y')[0].message, /not a domain config/);
    const s = new LanguageService();
    const broken = identityOf(s, { uri: 'file:///y.cfg', version: 1, text: guest('y', 'memory = "1G"') }, true);
    assert.ok(broken!.errors! > 0);
    const touched = f.update('file:///y.cfg', broken);
    assert.ok(touched.has('file:///auto/y'));
    assert.deepEqual(f.diagnosticsFor('file:///auto/y').map((d) => d.code), ['autostart-config-errors']);
    f.setAutostart('file:///auto/y', undefined, false);
    assert.deepEqual(f.diagnosticsFor('file:///auto/y'), []);
  });

  test('host profile: xl info read; dom0_mem in its units', () => {
    const p = parseHostProfile(fs.readFileSync(path.join(FIXTURES, 'conflicts', 'xl-info.txt'), 'utf8'), 'xl-info.txt')!;
    assert.deepEqual(p, { memoryMiB: 8192, cpus: 8, dom0MemoryMiB: 2048, xenRelease: '4.17', source: 'xl-info.txt' });
    assert.equal(parseHostProfile('host : x\n'), undefined);
    assert.equal(dom0Memory('dom0_mem=4G,max:4G'), 4096);
    assert.equal(dom0Memory('dom0_mem=524288'), 512);
    assert.equal(dom0Memory('dom0_mem=max:4G'), undefined);
    assert.equal(dom0Memory('console=vga'), undefined);
  });

  test('vCPU overcommit across guests is no finding; one guest above the host is', () => {
    const f = new Fleet();
    f.setHost({ memoryMiB: 4096, cpus: 4 });
    for (let i = 0; i < 5; i++) f.update(`v${i}`, id(`file:///v${i}.cfg`, guest(`v${i}`, 'vcpus = 4')));
    assert.deepEqual([...f.findings().keys()], []);
    f.update('big', id('file:///big.cfg', guest('big', 'vcpus = 5')));
    assert.deepEqual(f.diagnosticsFor('big').map((d) => d.code), ['vcpus-over-host-cpus']);
  });

  test('every fleet code has a title among the diagnostic codes and a default severity', () => {
    for (const c of FLEET_CODES) {
      assert.ok(c in SEMANTIC_CODES, c);
      assert.ok(FLEET_DEFAULT_SEVERITY[c]);
    }
  });
});

describe('fleet in xlcfg check', () => {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, 'check', ...args], { encoding: 'utf8', cwd: FIXTURES });
  const fleetCodes = new Set<string>(FLEET_CODES);

  test('text: each conflict at its place, naming the other file and line; exit 1', () => {
    const r = run('conflicts');
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^conflicts\/web1\.cfg:10:14: error: The MAC 00:16:3e:00:00:01 is also used by guest 'web1' \(conflicts\/web2\.cfg:8\).*\[duplicate-mac\]$/m);
    assert.match(r.stdout, /^conflicts\/web2\.cfg:8:14: error: .*\(conflicts\/web1\.cfg:10\).*\[duplicate-mac\]$/m);
    assert.match(r.stdout, /^conflicts\/auto\/gone:1:1: error: .*points to nothing.*\[autostart-missing-config\]$/m);
    // The same findings as the model's, pygrub-unrestricted aside (off by default).
    const found = r.stdout.split('\n').map((l) => /^(\S+?):(\d+):\d+: \w+: .*\[([a-z-]+)\]$/.exec(l)).filter((m): m is RegExpExecArray => !!m && fleetCodes.has(m[3]))
      .map((m) => `${m[1].replace(/^conflicts\//, '')}:${m[2]} ${m[3]}`).sort();
    const want = expected(path.join(FIXTURES, 'conflicts.expected.txt')).map((l) => l.split(' -> ')[0]).filter((l) => !l.endsWith('pygrub-unrestricted')).sort();
    assert.deepEqual(found, want);
  });

  test('json and sarif carry the other locations; github names them in the message', () => {
    const json = JSON.parse(run('--format', 'json', 'conflicts').stdout) as { file: string; diagnostics: { code: string; line: number; related?: { file: string; line: number }[] }[] }[];
    const mac = json.find((f) => f.file === 'conflicts/web1.cfg')!.diagnostics.find((d) => d.code === 'duplicate-mac')!;
    assert.deepEqual(mac.related!.map((x) => [x.file, x.line]), [['conflicts/web2.cfg', 8]]);
    const sarif = JSON.parse(run('--format', 'sarif', 'conflicts').stdout);
    const res = sarif.runs[0].results.find((x: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
      x.ruleId === 'duplicate-uuid' && x.locations[0].physicalLocation.artifactLocation.uri === 'conflicts/web1.cfg');
    assert.equal(res.relatedLocations[0].physicalLocation.artifactLocation.uri, 'conflicts/web2.cfg');
    assert.equal(res.relatedLocations[0].physicalLocation.region.startLine, 2);
    assert.ok(sarif.runs[0].tool.driver.rules.some((x: { id: string }) => x.id === 'duplicate-uuid'));
    // Valid SARIF 2.1.0 with the related locations (the schema test/cli/sarif.test.ts uses).
    /* eslint-disable @typescript-eslint/no-var-requires */
    const Ajv = require('ajv-draft-04');
    const addFormats = require('ajv-formats');
    /* eslint-enable @typescript-eslint/no-var-requires */
    const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json', { paths: [repoRoot] }), 'utf8'));
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3)));
    const gh = run('--format', 'github', 'conflicts').stdout;
    assert.match(gh, /^::error file=conflicts\/web2\.cfg,line=9,.*title=duplicate-pci-device::.*conflicts\/web1\.cfg%3A11|::error file=conflicts\/web2\.cfg,line=9,.*title=duplicate-pci-device::.*conflicts\/web1\.cfg:11/m);
  });

  test('--no-fleet turns them off; --host-info gives the host; near misses and samples stay clean', () => {
    const off = run('--no-fleet', 'conflicts');
    assert.ok(!off.stdout.split('\n').some((l) => [...fleetCodes].some((c) => l.endsWith(`[${c}]`))), off.stdout);
    const bigHost = path.join(FIXTURES, 'near-misses', 'xl-info.txt');
    const host = run('--host-info', bigHost, 'conflicts');
    assert.ok(!/vcpus-over-host-cpus|autostart-memory/.test(host.stdout), 'the bigger host given on the command line wins');
    assert.equal(run('--host-info', path.join(FIXTURES, 'conflicts', 'web1.cfg'), 'conflicts').status, 2);
    assert.equal(run('--host-info', bigHost, '--no-fleet', 'conflicts').status, 2);
    const near = run('near-misses');
    assert.ok(!near.stdout.split('\n').some((l) => [...fleetCodes].some((c) => l.endsWith(`[${c}]`))), near.stdout);
    const samples = spawnSync(process.execPath, [cli, 'check', 'samples'], { encoding: 'utf8', cwd: repoRoot });
    assert.ok(!samples.stdout.split('\n').some((l) => [...fleetCodes].some((c) => l.endsWith(`[${c}]`))), samples.stdout);
  });
});
