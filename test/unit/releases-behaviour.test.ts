// What the validator says for releases no oracle here runs (4.4-4.16, 4.18, 4.19, 4.21, 4.22,
// master), built from Xen's sources: each case cites the file and line, at the release tag, that
// decides it. Also the fails-at-create rules (test/fixtures/fails-at-create/*.cfg), which no dry
// run can record: each fixture's header cites its source and lists, per verdict, the releases:
//   # fails-at-create: 4.17 4.20     a fails-at-create error, and no other error
//   # refused: 4.21                  an error of another code (xl itself refuses)
//   # host-dependent: 4.21           a host-dependent warning, no error
//   # accepted: 4.16                 no error at all

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { LanguageService } from '../../server/src/service';
import type { XenRelease } from '../../server/src/service/knowledge';
import { repoRoot } from '../support/paths';

const FIXTURES = path.join(repoRoot, 'test', 'fixtures', 'fails-at-create');

function check(text: string, release: XenRelease, extra: Record<string, unknown> = {}) {
  return new LanguageService(undefined, { xenVersion: release, ...extra }).diagnostics({ uri: 'file:///r.cfg', version: 1, text });
}
const codes = (text: string, release: XenRelease, severity?: string) =>
  check(text, release).filter((d) => !severity || d.severity === severity).map((d) => d.code);

describe('fails-at-create fixtures (sources cited in each file)', () => {
  const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.cfg')).sort();
  test('there are fixtures, each citing a source file and line at a release tag', () => {
    assert.ok(files.length >= 6);
    for (const f of files) assert.match(fs.readFileSync(path.join(FIXTURES, f), 'utf8'), /^# .*\.c:\d+@RELEASE-4\.\d+\.0/m, f);
  });
  for (const f of files) {
    const text = fs.readFileSync(path.join(FIXTURES, f), 'utf8');
    for (const m of text.matchAll(/^# (fails-at-create|refused|host-dependent|accepted): (.+)$/gm)) {
      for (const release of m[2].trim().split(/\s+/) as XenRelease[]) {
        test(`${f} with xl ${release}: ${m[1]}`, () => {
          const ds = check(text, release);
          const errors = ds.filter((d) => d.severity === 'error').map((d) => d.code);
          const all = ds.map((d) => `${d.severity}:${d.code}`);
          if (m[1] === 'fails-at-create') {
            assert.deepEqual(errors, ['fails-at-create'], all.join(', '));
            const d = ds.find((x) => x.code === 'fails-at-create')!;
            assert.match(d.message, /xl -N accepts .* but xl create fails/);
          } else if (m[1] === 'refused') {
            assert.ok(errors.length > 0 && !errors.includes('fails-at-create'), all.join(', '));
          } else if (m[1] === 'host-dependent') {
            assert.deepEqual(errors, [], all.join(', '));
            assert.ok(ds.some((d) => d.code === 'host-dependent'), all.join(', '));
          } else {
            assert.deepEqual(errors, [], all.join(', '));
          }
        });
      }
    }
  }
});

const HVM = 'name = "g"\ntype = "hvm"\nmemory = 1024\n';
const PVH = 'name = "g"\ntype = "pvh"\nmemory = 1024\nkernel = "/k"\n';
const ARM = 'name = "g"\nmemory = 512\nkernel = "/Image"\ngic_version = "v3"\n';

describe('releases without an oracle, from the sources', () => {
  test('tee = "ffa": refused before 4.18, a libxl_tee_type from 4.18 (libxl_types.idl:524@RELEASE-4.18.0)', () => {
    const cfg = ARM + 'tee = "ffa"\n';
    assert.deepEqual(codes(cfg, '4.17', 'error'), ['unknown-value']);
    assert.deepEqual(codes(cfg, '4.18', 'error'), []);
  });

  test('sve: read from 4.18 (xl_parse.c:2911@RELEASE-4.18.0), names of libxl_sve_type', () => {
    assert.deepEqual(codes(ARM + 'sve = "100"\n', '4.18', 'error'), ['unknown-value']);
    assert.deepEqual(codes(ARM + 'sve = "hw"\n', '4.18', 'error'), []);
    assert.deepEqual(codes(ARM + 'sve = "128"\n', '4.17'), ['not-in-version']);
  });

  test('vif vlan=: read from 4.19 (xl_parse.c:568@RELEASE-4.19.0); 4.18 drops it with a message', () => {
    const cfg = PVH + 'vif = [ "bridge=xenbr0,vlan=10" ]\n';
    assert.deepEqual(codes(cfg, '4.18', 'error'), ['spec-unknown-subkey']);
    assert.deepEqual(codes(cfg, '4.19'), []);
  });

  test('disk grant_usage=: lexed from 4.19 (libxlu_disk_l.l:223@RELEASE-4.19.0)', () => {
    const cfg = PVH + 'disk = [ "format=raw,vdev=xvda,access=rw,grant_usage=1,target=/d" ]\n';
    assert.ok(codes(cfg, '4.18', 'error').length > 0);
    assert.deepEqual(codes(cfg, '4.19', 'error'), []);
  });

  test('p9: 4.18 needs tag, path and security_model (xl_parse.c:2245@RELEASE-4.18.0); 4.19 adds type= and makes them optional', () => {
    const cfg = PVH + 'p9 = [ "tag=t,type=xen_9pfsd" ]\n';
    assert.deepEqual(codes(cfg, '4.18', 'error'), ['spec-unknown-subkey']);
    assert.deepEqual(codes(cfg, '4.19', 'error'), []);
    assert.deepEqual(codes(PVH + 'p9 = [ "tag=t,path=/p" ]\n', '4.18', 'error'), ['spec-missing-required']);
    assert.deepEqual(codes(PVH + 'p9 = [ "tag = t, path = /p, security_model = none" ]\n', '4.18', 'error'), []);
  });

  test('channel: from 4.18 a value keeps its "=" and an item "=x" is an unknown parameter (split_string_into_pair, xl_parse.c:3043@RELEASE-4.18.0)', () => {
    const named = PVH + 'channel = [ "connection=pty,name=a=b" ]\n';
    assert.deepEqual(codes(named, '4.17'), ['spec-invalid-value']);
    assert.deepEqual(codes(named, '4.18'), []);
    const bare = PVH + 'channel = [ "connection=pty,=x" ]\n';
    assert.deepEqual(codes(bare, '4.17', 'error'), ['spec-invalid-value']);
    assert.deepEqual(codes(bare, '4.18'), ['spec-unknown-subkey']);
  });

  test('CPUID names: 4.18 takes cpufeatureset.h names (libxl_cpuid.c:299@RELEASE-4.18.0), each release adding its own', () => {
    const cfg = (flag: string) => HVM + `cpuid = "host,${flag}=0"\n`;
    assert.deepEqual(codes(cfg('avx-ifma'), '4.17'), ['invalid-cpuid']);
    assert.deepEqual(codes(cfg('avx-ifma'), '4.18'), []);
    assert.deepEqual(codes(cfg('sha512'), '4.18'), ['invalid-cpuid']);
    assert.deepEqual(codes(cfg('sha512'), '4.19'), []);
    assert.deepEqual(codes(cfg('fred'), '4.20'), ['invalid-cpuid']);
    assert.deepEqual(codes(cfg('fred'), '4.21'), []);
    assert.match(check(cfg('fred'), '4.20')[0].message, /Xen 4\.21 and later know it/);
  });

  test('qemu-xen-traditional: deprecated up to 4.20, refused by xl from 4.21 (xl_parse.c:2777@RELEASE-4.21.0)', () => {
    const cfg = HVM + 'device_model_version = "qemu-xen-traditional"\nbios = "rombios"\n';
    assert.deepEqual(codes(cfg, '4.20'), ['deprecated-value']);
    assert.deepEqual(codes(cfg, '4.21', 'error'), ['unknown-value']);
  });

  test('4.21 keys: xenstore_feature_mask (xl_parse.c:1442), altp2m_count 16 bits (xl_parse.c:2135), arm_sci type (xl_parse.c:1301), all @RELEASE-4.21.0', () => {
    assert.deepEqual(codes(HVM + 'altp2m_count = 70000\n', '4.21', 'error'), ['out-of-range']);
    assert.deepEqual(codes(HVM + 'altp2m_count = 10\n', '4.21'), []);
    assert.deepEqual(codes(ARM + 'arm_sci = "type=scmi"\n', '4.21', 'error'), ['spec-invalid-value']);
    assert.deepEqual(codes(ARM + 'arm_sci = "type=scmi_smc"\n', '4.21'), []);
    assert.deepEqual(codes(PVH + 'xenstore_feature_mask = "x"\n', '4.21', 'error'), ['not-a-number']);
  });

  test('4.22: xenstore_quota items (parse_xsquota_item, xl_parse.c:1319@RELEASE-4.22.0), and vcpus below 1 means 1 (xl_parse.c:1569)', () => {
    assert.deepEqual(codes(PVH + 'xenstore_quota = [ "nodes=1000" ]\n', '4.22'), []);
    assert.deepEqual(codes(PVH + 'xenstore_quota = [ "nodes" ]\n', '4.22', 'error'), ['spec-invalid-value']);
    assert.deepEqual(codes(PVH + 'xenstore_quota = [ "nodes=12k" ]\n', '4.22', 'error'), ['spec-invalid-value']);
    assert.deepEqual(codes(PVH + 'vcpus = "-1"\n', '4.21', 'error'), ['out-of-range']);
    assert.deepEqual(codes(PVH + 'vcpus = "-1"\n', '4.22', 'error'), []);
  });

  test('virtio: read from 4.18 (xl_parse.c:1236@RELEASE-4.18.0); only transport mmio; type=virtio last crashes xl', () => {
    assert.deepEqual(codes(ARM + 'virtio = [ "backend=0,type=virtio,device22,transport=mmio" ]\n', '4.18'), []);
    assert.deepEqual(codes(ARM + 'virtio = [ "backend=0,type=virtio,device22,transport=pci" ]\n', '4.18', 'error'), ['spec-invalid-value']);
    assert.deepEqual(codes(ARM + 'virtio = [ "backend=0,foo=bar" ]\n', '4.18', 'error'), ['spec-unknown-subkey']);
    assert.deepEqual(codes(ARM + 'virtio = [ "backend=0,type=virtio" ]\n', '4.18', 'error'), ['spec-invalid-value']);
  });
});

describe('severities and noise (issue #11, part 7)', () => {
  test('an unknown vif type= is a warning: xl keeps the NIC with the type it would pick anyway', () => {
    const ds = check(PVH + 'vif = [ "type=foo,bridge=xenbr0" ]\n', '4.20');
    assert.deepEqual(ds.map((d) => `${d.severity}:${d.code}`), ['warning:spec-invalid-value']);
  });

  test('altp2m = 2 is a mode number xl range-checks, not an old form', () => {
    assert.deepEqual(codes(HVM + 'altp2m = 2\n', '4.20'), []);
    assert.deepEqual(codes(HVM + 'altp2m = 7\n', '4.20'), ['out-of-range']);
  });

  test('no name: the unknown key it sits on still gets its own diagnostic', () => {
    const ds = check('foo = "x"\ntype = "hvm"\n', '4.20');
    assert.deepEqual(ds.map((d) => d.code).sort(), ['missing-name', 'unknown-key']);
  });

  test('xlcfg.arch: a config whose keys do not tell is judged for the chosen architecture', () => {
    const text = 'name = "g"\nmemory = 512\nkernel = "/Image"\nacpi = 1\n';
    const x86 = check(text, '4.20', { arch: 'x86' }).map((d) => d.code);
    const arm = check(text, '4.20', { arch: 'arm' }).map((d) => d.code);
    assert.ok(x86.includes('not-for-guest-type'), x86.join(', '));
    assert.ok(!arm.includes('not-for-guest-type'), arm.join(', '));
  });
});

describe('sub-keys by release (issue #11, part 6)', () => {
  test('vif mtu= is read from 4.15 (parse_nic_config, xl_parse.c@RELEASE-4.15.0), trusted from 4.17: before, xl drops them with a message', () => {
    const mtu = PVH + 'vif = [ "bridge=xenbr0,mtu=9000" ]\n';
    assert.deepEqual(codes(mtu, '4.14', 'error'), ['spec-unknown-subkey']);
    assert.match(check(mtu, '4.14')[0].message, /read from Xen 4\.15 on/);
    assert.deepEqual(codes(mtu, '4.15'), []);
    const trusted = PVH + 'vif = [ "bridge=xenbr0,trusted" ]\n';
    assert.deepEqual(codes(trusted, '4.16', 'error'), ['spec-unknown-subkey']);
    assert.deepEqual(codes(trusted, '4.17'), []);
  });

  test('disk discard is scanned from 4.5 (libxlu_disk_l.l@RELEASE-4.5.0), trusted from 4.19 (the generated scanner of 4.17 and 4.18 lacks it)', () => {
    const discard = PVH + 'disk = [ "format=raw,vdev=xvda,access=rw,discard,target=/d" ]\n';
    assert.ok(codes(discard, '4.4', 'error').length > 0);
    assert.deepEqual(codes(discard, '4.5', 'error'), []);
    const trusted = PVH + 'disk = [ "format=raw,vdev=xvda,access=rw,trusted,target=/d" ]\n';
    assert.ok(codes(trusted, '4.18', 'error').length > 0);
    assert.deepEqual(codes(trusted, '4.19', 'error'), []);
  });

  test('an unknown p9 parameter: the message says what that release prints (4.17 "Unknown string", 4.18 "Unknown 9pfs parameter")', () => {
    const cfg = PVH + 'p9 = [ "tag=t,path=/p,security_model=none,colour=blue" ]\n';
    assert.match(check(cfg, '4.17').find((d) => d.code === 'spec-unknown-subkey')!.message, /Unknown string `colour' in 9pfs spec/);
    assert.match(check(cfg, '4.18').find((d) => d.code === 'spec-unknown-subkey')!.message, /Unknown 9pfs parameter/);
  });
});

describe('PCI and rdm before 4.15 (libxlu_pci.c@RELEASE-4.14.0), rewritten in 4.15', () => {
  const pci = (spec: string) => HVM + `pci = [ "${spec}" ]\n`;
  test('xlu_pci_parse_bdf (libxlu_pci.c:48@RELEASE-4.14.0): BDF[@VSLOT][,key=value]; an unknown option is printed and ignored', () => {
    assert.deepEqual(codes(pci('03:00.0@3,permissive=1'), '4.14'), []);
    assert.deepEqual(codes(pci('03:00.8'), '4.14', 'error'), ['spec-invalid-bdf']);
    assert.deepEqual(codes(pci('03:00.0,foo=1'), '4.14', 'error'), ['spec-unknown-subkey']);
    assert.match(check(pci('03:00.0,foo=1'), '4.14')[0].message, /Unknown PCI BDF option/);
  });
  test('rdm_policy: exact names up to 4.14 (libxlu_pci.c:149@RELEASE-4.14.0), any case from 4.15', () => {
    assert.deepEqual(codes(pci('03:00.0,rdm_policy=Strict'), '4.14', 'error'), ['spec-invalid-value']);
    assert.deepEqual(codes(pci('03:00.0,rdm_policy=Strict'), '4.15', 'error'), []);
  });
  test('rdm = "...,policy=relaxed": kept up to 4.14, voided from 4.15 by the inverted check (libxlu_pci.c:262@RELEASE-4.17.0)', () => {
    const cfg = HVM + 'rdm = "strategy=host,policy=relaxed"\n';
    assert.deepEqual(codes(cfg, '4.14'), []);
    assert.deepEqual(codes(cfg, '4.15'), ['value-ignored']);
  });
});

describe('before 4.10', () => {
  test('builder: anything but a prefix of "hvm" is PV up to 4.9 (xl_parse.c:855@RELEASE-4.9.0), refused from 4.10', () => {
    const cfg = 'name = "g"\nbuilder = "linux"\nkernel = "/k"\n';
    assert.deepEqual(check(cfg, '4.9').map((d) => `${d.severity}:${d.code}`), ['warning:unknown-value']);
    assert.deepEqual(codes(cfg, '4.10', 'error'), ['unknown-value']);
  });
  test('nestedhvm and bootloader_args by guest type up to 4.9 (xl_parse.c:1157 and :1196@RELEASE-4.9.0); apic for every guest in 4.10-4.12 (xl_parse.c:1200@RELEASE-4.10.0)', () => {
    const pv = 'name = "g"\nkernel = "/k"\nnestedhvm = 1\napic = 1\n';
    const read = (release: XenRelease, key: string) => !/does not read it/.test(check(pv, release).find((d) => d.message.startsWith(`'${key}'`))!.message);
    assert.deepEqual([read('4.9', 'nestedhvm'), read('4.10', 'nestedhvm')], [false, true]);
    assert.deepEqual([read('4.9', 'apic'), read('4.10', 'apic'), read('4.12', 'apic'), read('4.13', 'apic')], [false, true, true, false]);
    const bla = 'name = "g"\nbuilder = "hvm"\nbootloader_args = [ "-q" ]\n';
    assert.match(check(bla, '4.9').find((d) => d.code === 'not-for-guest-type')!.message, /does not read it/);
  });
  test('timer_mode on a PV guest: not read up to 4.9 (HVM block, xl_parse.c:1135@RELEASE-4.9.0), refused from 4.10 (xl_parse.c:1162@RELEASE-4.10.0)', () => {
    const cfg = 'name = "g"\nkernel = "/k"\ntimer_mode = "no_delay_for_missed_ticks"\n';
    assert.deepEqual(codes(cfg, '4.9'), ['not-for-guest-type']);
    assert.deepEqual(codes(cfg, '4.10', 'error'), ['unsupported-for-guest-type']);
  });
});

describe('a key read differently by release (two rows in xl-reading.yaml)', () => {
  test('max_grant_frames: the plain getter up to 4.12 (xl_parse.c:1404@RELEASE-4.12.0), bounded and fatal from 4.13 (xl_parse.c:1414@RELEASE-4.13.0)', () => {
    const word = PVH + 'max_grant_frames = "many"\n';
    assert.match(check(word, '4.12').find((d) => d.code === 'not-a-number')!.message, /is not a valid number/);
    assert.match(check(word, '4.13').find((d) => d.code === 'not-a-number')!.message, /stops without a message/);
    assert.deepEqual(codes(PVH + 'max_grant_frames = "-1"\n', '4.12', 'error'), []);
    assert.deepEqual(codes(PVH + 'max_grant_frames = "-1"\n', '4.13', 'error'), ['out-of-range']);
  });
});
