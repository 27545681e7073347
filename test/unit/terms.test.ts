// Term hover: glossary names, aliases and plurals found in xl.cfg comments and strings and in
// Markdown / plain text; short or ambiguous names only in their exact case; the everyday word
// "domain" only where it means a Xen domain.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LanguageService, knowledge } from '../../server/src/service';
import { searchGlossary, termAt, termCompletions, termLinkMarkdown } from '../../server/src/service/features/terms';
import { findNameProblems, proseMask } from '../../server/src/service/features/names';

const service = new LanguageService();
let n = 0;

/** Splits `text|with cursor` into the text and the cursor's position. */
function at(textWithCursor: string) {
  const offset = textWithCursor.indexOf('|');
  assert.ok(offset >= 0, 'test text needs a | cursor');
  const text = textWithCursor.replace('|', '');
  const before = text.slice(0, offset);
  return { text, offset, position: { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) } };
}
/** Term id under the cursor in Markdown / plain text (the LSP path for non-xl documents). */
function prose(textWithCursor: string): string | undefined {
  const { text, position } = at(textWithCursor);
  const h = service.termHover(text, position);
  if (!h) return undefined;
  return knowledge.glossary.find((t) => h.contents.startsWith(`**${t.term}**`))?.id;
}
/** Hover text under the cursor in an xl config. */
function xl(textWithCursor: string) {
  const { text, position } = at(textWithCursor);
  return service.hover({ uri: `file:///etc/xen/t${n++}.cfg`, version: 1, text }, position);
}
const termIdOf = (h: { contents: string } | undefined) => (h ? knowledge.glossary.find((t) => h.contents.startsWith(`**${t.term}**`))?.id : undefined);

describe('aliases and other spellings', () => {
  const cases: [string, string][] = [
    ['Domain-0 is started by Xen at boot.', 'dom0'],
    ['The control domain runs the toolstack.', 'dom0'],
    ['We use the Xen-project packages.', 'xen-project'],
    ['Moved off Xenserver in 2023.', 'xenserver'],
    ['All the domU\'s share the bridge.', 'domu'],
    ['XCPng is a fork.', 'xcp-ng'],
    ['Citrix Hypervisor 8 became XenServer 8.', 'citrix-hypervisor'],
    ['It boots with PV-GRUB.', 'pv-grub'],
    ['Memory is pre-ballooned with PoD.', 'pod'],
  ];
  for (const [sentence, id] of cases) {
    test(`${JSON.stringify(sentence)} → ${id}`, () => {
      const g = knowledge.term(id)!;
      // Put the cursor on the first glossary name of that term found in the sentence.
      const name = [g.term, ...g.aliases].filter((a) => sentence.includes(a)).sort((a, b) => b.length - a.length)[0];
      assert.ok(name, `no name of ${id} in the sentence`);
      const i = sentence.indexOf(name) + 1;
      assert.equal(prose(sentence.slice(0, i) + '|' + sentence.slice(i)), id);
    });
  }

  test('a longer name wins over a shorter one inside it', () => {
    assert.equal(prose('Managed with Xen Or|chestra.'), 'xen-orchestra');
    assert.equal(prose('Managed with X|en Orchestra.'), 'xen-orchestra');
    assert.equal(prose('Runs XCP-n|g 8.2'), 'xcp-ng');
    assert.equal(prose('Runs X|en 4.17'), 'xen');
  });

  test('the hover range covers exactly the name', () => {
    const { text, position } = at('We run **XCP-n|g** on our hosts.');
    const h = service.termHover(text, position)!;
    assert.deepEqual(h.range, { start: { line: 0, character: 9 }, end: { line: 0, character: 15 } });
  });
});

describe('plurals', () => {
  const cases: [string, string][] = [
    ['All do|mUs are restarted.', 'domu'],
    ['Two grant tab|les per guest.', 'grant-table'],
    ['Event chan|nels carry notifications.', 'event-channel'],
    ['Hyper|calls are like system calls.', 'hypercall'],
    ['It has 4 vCP|Us.', 'vcpu'],
    ['Unik|ernels boot fast.', 'unikernel'],
    ['Stub do|mains isolate QEMU.', 'stub-domain'],
  ];
  for (const [sentence, id] of cases) test(sentence.replace('|', ''), () => assert.equal(prose(sentence), id));
});

describe('case rules', () => {
  test('short ambiguous names match only in their exact case', () => {
    assert.equal(prose('A P|V guest.'), 'pv');
    assert.equal(prose('A p|v guest.'), undefined);
    assert.equal(prose('Run x|l create.'), 'xl');
    assert.equal(prose('Size X|L.'), undefined);
    assert.equal(prose('The p|od is scheduled.'), undefined, 'a Kubernetes pod is not Populate-on-Demand');
    assert.equal(prose('Use Po|D for it.'), 'pod');
    assert.equal(prose('A fl|ask app.'), undefined, 'the Python web framework is not FLASK');
    assert.equal(prose('Enable FL|ASK.'), 'xsm-flask');
  });

  test('other names match in any case', () => {
    assert.equal(prose('XCP-N|G'), 'xcp-ng');
    assert.equal(prose('xens|erver'), 'xenserver');
    assert.equal(prose('pv|h guests'), 'pvh');
  });

  test('no match inside paths, file names or longer words', () => {
    assert.equal(prose('/dev/xv|da'), undefined);
    assert.equal(prose('see /usr/lib/x|en/bin'), undefined);
    assert.equal(prose('Xen|ial is an Ubuntu release'), undefined);
  });
});

describe('"domain", an everyday English word', () => {
  test('in prose that is not about Xen it never matches', () => {
    assert.equal(prose('Register a dom|ain for your website.'), undefined);
    assert.equal(prose('Each dom|ain has its own memory.'), undefined);
    assert.equal(prose('Domai|ns of expertise: networking, storage.'), undefined);
  });

  test('in prose about Xen the bare word means a Xen domain', () => {
    assert.equal(prose('On a Xen host, each dom|ain has its own vCPUs.'), 'domain');
    assert.equal(prose('# Guests\n\nEvery dom|ain is described by an xl.cfg file.'), 'domain');
  });

  test('set phrases are not Xen domains, even in a text about Xen', () => {
    assert.equal(prose('Xen hosts need a DNS dom|ain too.'), undefined);
    assert.equal(prose('Xen guests join the Windows dom|ain.'), undefined);
    assert.equal(prose('Xen: set the dom|ain name of the guest.'), undefined);
    assert.equal(prose('Xen: the dom|ain controller is a guest.'), undefined);
  });

  test('qualified forms always match, whatever the text is about', () => {
    assert.equal(prose('A dri|ver domain serves the network.'), 'driver-domain');
    assert.equal(prose('The contr|ol domain.'), 'dom0');
    assert.equal(prose('A Xen do|main.'), 'domain');
  });

  test('in xl.cfg comments the text is about Xen by definition, set phrases still excluded', () => {
    assert.equal(termIdOf(xl('# this dom|ain serves the web site\nname = "web"\n')), 'domain');
    assert.equal(xl('# the guest\'s dom|ain name is example.com\nname = "web"\n'), undefined);
  });

  test('in xl.cfg comments "pool" is a CPU pool (the pool key), not a XAPI pool', () => {
    assert.equal(xl('# run it in the rt po|ol\nname = "web"\n'), undefined);
    assert.equal(termIdOf(xl('# run it in the rt CPU po|ol\nname = "web"\n')), 'cpupool');
    assert.equal(prose('A XenServer po|ol of three hosts.'), 'pool');
  });
});

describe('positions in an xl config', () => {
  test('terms in comments', () => {
    assert.equal(termIdOf(xl('# moved here from XCP-|ng\nname = "a"\n')), 'xcp-ng');
    assert.equal(termIdOf(xl('name = "a" # needs an IOM|MU\n')), 'iommu');
  });

  test('terms in string values that have no value help of their own', () => {
    assert.equal(termIdOf(xl('name = "a"\nbootloader = "pyg|rub"\n')), 'pygrub');
    assert.equal(termIdOf(xl('name = "a"\ndescription = "a PV|H guest on dom0"\n')), 'pvh');
  });

  test('keys and numbers show option help, not terms', () => {
    const h = xl('name = "a"\nvcp|us = 2\n');
    assert.ok(h);
    assert.equal(termIdOf(h), undefined);
    assert.match(h.contents, /vcpus/);
    assert.equal(termIdOf(xl('name = "a"\nmemory = 10|24\n')), undefined);
  });
});

describe('the hover text', () => {
  test('Markdown: term, category, layer, definition, other names and a link', () => {
    const { text, position } = at('Our hosts run do|m0 on Debian.');
    const h = service.termHover(text, position)!;
    const dom0 = knowledge.term('dom0')!;
    assert.ok(h.contents.startsWith('**dom0** · domain · layer: control domain'));
    assert.ok(h.contents.includes(dom0.full));
    assert.match(h.contents, /_Also:_ .*Domain-0/);
    assert.ok(h.contents.includes(`[Read more](${dom0.link})`));
  });

  test('multi-line text: the range has the right line and columns (here the alias "XAPI toolstack")', () => {
    const { text, position } = at('# Title\n\nSome text.\nThe Xen Project\'s XA|PI toolstack.\n');
    const h = service.termHover(text, position)!;
    assert.ok(h.contents.startsWith('**XAPI**'));
    assert.deepEqual(h.range, { start: { line: 3, character: 18 }, end: { line: 3, character: 32 } });
  });
});

describe('bad input', () => {
  test('empty text, positions past the end, negative offsets, CRLF: no crash', () => {
    assert.equal(service.termHover('', { line: 0, character: 0 }), undefined);
    assert.equal(service.termHover('dom0', { line: 5, character: 99 }), undefined);
    assert.equal(termAt(knowledge, 'dom0', -3), undefined);
    assert.equal(termAt(knowledge, 'dom0', 99), undefined);
    assert.equal(prose('Xen\r\nthe do|m0 host\r\n'), 'dom0');
  });

  // Speed is measured by the benchmarks, not here: this holds the answers on a long line.
  test('a long line of names: a term at every position asked', () => {
    const text = 'Xen dom0 domU XCP-ng XenServer PVH '.repeat(2000);
    for (let i = 0; i < 20; i++) assert.ok(service.termHover(text, { line: 0, character: 1000 + i * 37 }), `no term at ${1000 + i * 37}`);
  });
});

// Issue #15: the key phrases of a beginner's article about the Xen ecosystem, and the basics a
// newcomer meets first. Each must hover, in the forms texts use, in Markdown and in plain text.
describe('the vocabulary of texts about Xen (issue #15)', () => {
  /** [phrase as written, glossary id]. */
  const vocabulary: [string, string][] = [
    // The twelve phrases an article's reader found without hover.
    ['hypervisor', 'hypervisor'], ['Hypervisor', 'hypervisor'], ['type-1', 'type-1-hypervisor'],
    ['bare metal', 'bare-metal'], ['Bare Metal', 'bare-metal'], ['Windows PV driver', 'windows-pv-drivers'],
    ['guest operating system', 'guest'], ['virtualization', 'virtualization'], ['shim', 'shim'],
    ['Vista Equity Partners', 'vista-equity-partners'],
    // The rest of that article's key phrases.
    ['Xen', 'xen'], ['Xen Project', 'xen-project'], ['XenServer', 'xenserver'], ['XCP-ng', 'xcp-ng'], ['XAPI', 'xapi'],
    ['dom0', 'dom0'], ['domU', 'domu'], ['PV', 'pv'], ['HVM', 'hvm'], ['PVH', 'pvh'], ['toolstack', 'toolstack'],
    ['xl', 'xl'], ['libxl', 'libxl'], ['QEMU', 'qemu'], ['Xen Orchestra', 'xen-orchestra'], ['XenCenter', 'xencenter'],
    ['Linux Foundation', 'linux-foundation'], ['Citrix', 'citrix'], ['Cloud Software Group', 'cloud-software-group'],
    ['Citrix Hypervisor', 'citrix-hypervisor'], ['type-1 hypervisor', 'type-1-hypervisor'], ['Windows PV drivers', 'windows-pv-drivers'],
    // The basics.
    ['guest', 'guest'], ['virtual machine', 'virtual-machine'], ['VM', 'virtual-machine'], ['host', 'host'],
    ['paravirtualization', 'paravirtualization'], ['KVM', 'kvm'], ['XenSource', 'xensource'], ['NUMA', 'numa'], ['vNUMA', 'vnuma'],
    ['CPU pinning', 'cpu-pinning'], ['p2m', 'p2m'], ['GFN', 'gfn'], ['MFN', 'mfn'], ['frontend', 'frontend'], ['backend', 'backend'],
    ['bridge', 'bridge'], ['xenbr0', 'bridge'], ['hotplug scripts', 'hotplug-scripts'], ['UEFI', 'uefi'], ['OVMF', 'ovmf'],
    ['nested virtualization', 'nested-virtualization'], ['save / restore', 'save-restore'], ['migration', 'migration'],
    ['live migration', 'live-migration'], ['pool', 'pool'], ['SR', 'sr'], ['VDI', 'vdi'], ['VIF', 'vif'], ['PIF', 'pif'],
    ['GIC', 'gic'], ['TEE', 'tee'], ['OP-TEE', 'op-tee'], ['cache colouring', 'cache-colouring'],
    // Other cases and numbers: plural, possessive (straight and curly), hyphenated or spaced, other spellings.
    ['hypervisors', 'hypervisor'], ["hypervisor's", 'hypervisor'], ['hypervisor\u2019s', 'hypervisor'], ['Type 1', 'type-1-hypervisor'],
    ['type-1 hypervisors', 'type-1-hypervisor'], ['bare-metal', 'bare-metal'], ['Bare-Metal', 'bare-metal'],
    ["Windows PV driver's", 'windows-pv-drivers'], ['guest operating systems', 'guest'], ['guest OSes', 'guest'],
    ['virtualisation', 'virtualization'], ['Virtualization', 'virtualization'], ['shims', 'shim'], ['virtual machines', 'virtual-machine'],
    ['VMs', 'virtual-machine'], ["VM's", 'virtual-machine'], ['hosts', 'host'], ['guests', 'guest'], ['para-virtualization', 'paravirtualization'],
    ['paravirtualised', 'paravirtualization'], ['NUMA nodes', 'numa'], ['GFNs', 'gfn'], ['MFNs', 'mfn'], ['P2M', 'p2m'],
    ['front-end', 'frontend'], ['back-ends', 'backend'], ['back end', 'backend'], ['bridges', 'bridge'], ['hot-plug scripts', 'hotplug-scripts'],
    ['hotplug script', 'hotplug-scripts'], ['save/restore', 'save-restore'], ['save and restore', 'save-restore'],
    ['migrations', 'migration'], ['live-migration', 'live-migration'], ['pools', 'pool'], ['storage repositories', 'sr'],
    ['storage repository', 'sr'], ['SRs', 'sr'], ['VDIs', 'vdi'], ['VIFs', 'vif'], ['PIFs', 'pif'], ['cache coloring', 'cache-colouring'],
    ['cache-colouring', 'cache-colouring'], ['Dom0', 'dom0'], ['Domain-0', 'dom0'], ["dom0's", 'dom0'], ["XCP-ng's", 'xcp-ng'],
    ['Xen-project', 'xen-project'], ['Xenserver', 'xenserver'], ['domUs', 'domu'], ['XenSource\u2019s', 'xensource'],
    ["Vista Equity Partners'", 'vista-equity-partners'], ['Open vSwitch', 'open-vswitch'], ['device trees', 'device-tree'],
  ];
  /** The phrase placed in an article about Xen, in Markdown and as plain text; the cursor in its middle. */
  const texts = (phrase: string) => [
    `# Xen for beginners\n\n- The **${phrase}** comes next.\n`,
    `A short note on Xen.\n\nHere we meet ${phrase} for the first time.\n`,
  ];
  for (const [phrase, id] of vocabulary) {
    test(`${JSON.stringify(phrase)} → ${id}`, () => {
      for (const text of texts(phrase)) {
        const start = text.indexOf(phrase);
        const mid = start + Math.floor(phrase.length / 2);
        const lines = text.slice(0, mid).split('\n');
        const h = service.termHover(text, { line: lines.length - 1, character: lines[lines.length - 1].length });
        assert.ok(h, `no hover on ${JSON.stringify(phrase)} in ${JSON.stringify(text)}`);
        assert.equal(termIdOf(h), id, JSON.stringify(text));
        // The range covers the phrase (without a trailing possessive apostrophe).
        const r = h.range!;
        const covered = text.split('\n')[r.start.line].slice(r.start.character, r.end.character);
        assert.equal(covered, phrase.replace(/'$/, ''));
      }
    });
  }

  test('"distro" and "device drivers" rightly get no hover', () => {
    for (const phrase of ['distro', 'distros', 'device drivers', 'device driver']) {
      for (const text of texts(phrase)) {
        const at = text.indexOf(phrase) + 2;
        const lines = text.slice(0, at).split('\n');
        assert.equal(service.termHover(text, { line: lines.length - 1, character: lines[lines.length - 1].length }), undefined, phrase);
      }
    }
  });

  test('everyday words stay guarded: only in texts about Xen, never in set phrases, short names only as written', () => {
    assert.equal(prose('Join the gu|est Wi-Fi at the front desk.'), undefined);
    assert.equal(prose('Every gu|est gets a badge.'), undefined, 'not a text about Xen');
    assert.equal(prose('On Xen every gu|est is a domain.'), 'guest');
    assert.equal(prose('Br|idge is a card game.'), undefined);
    assert.equal(prose('The Xen team tunes the thread po|ol.'), undefined);
    assert.equal(prose('Xen: the ho|st name is set by DHCP.'), undefined);
    assert.equal(prose('Windows uses a sh|im for old programs.'), undefined);
    assert.equal(prose('Xen boots the PV sh|im.'), 'pv-shim');
    assert.equal(prose('Xen and type-|1 diabetes.'), undefined);
    assert.equal(prose('Xen: a database migr|ation.'), undefined);
    assert.equal(prose('Xen: set v|m.swappiness to 10.'), undefined, '"VM" only as written');
    assert.equal(prose('Xen: pipe it through | t|ee log.txt'), undefined, '"TEE" only as written');
    assert.equal(prose('Xen: the s|r command.'), undefined, '"SR" only as written');
    assert.equal(prose('Xen on Arm with a T|EE.'), 'tee');
  });

  test('"Cloud Software Group" is its own entry, not another name for Citrix', () => {
    assert.equal(prose('Cloud Software Gr|oup owns XenServer.'), 'cloud-software-group');
    assert.ok(!knowledge.term('citrix')!.aliases.some((a) => /cloud software/i.test(a)));
  });
});

describe('the glossary as a whole (issue #15)', () => {
  const sentences = (s: string) => s.split(/(?<=[.!?])\s+(?=[A-Z"`*(])/).filter((x) => x.trim().length > 20);
  const hosts = /^https:\/\/(?:(?:wiki\.)?xenproject\.org|xenbits\.xen\.org|xcp-ng\.org|docs\.xenserver\.com|(?:www\.)?qemu\.org|[\w.-]*kernel\.org|xapi-project\.github\.io|xen-orchestra\.com|vates\.tech|www\.linuxfoundation\.org|www\.citrix\.com|www\.cloud\.com|www\.vistaequitypartners\.com|www\.linux-kvm\.org|learn\.microsoft\.com|en\.wikipedia\.org|uefi\.org|optee\.readthedocs\.io|www\.devicetree\.org|www\.openvswitch\.org|www\.spice-space\.org|aws\.amazon\.com|libvirt\.org|github\.com|www\.seabios\.org|www\.qubes-os\.org|openxt\.org|mirage\.io|unikraft\.org)(?:\/|$)/;

  test('at least 140 terms, each with a definition of two sentences or more, a category, related terms and an upstream link', () => {
    assert.ok(knowledge.glossary.length >= 140, `${knowledge.glossary.length} terms`);
    for (const t of knowledge.glossary) {
      assert.ok(sentences(t.full).length >= 2, `${t.id}: definition of ${sentences(t.full).length} sentence(s)`);
      assert.ok(t.full.length >= 200, `${t.id}: definition of ${t.full.length} characters`);
      assert.ok(t.category && t.layer, t.id);
      assert.ok(t.related.length >= 1, `${t.id}: no related terms`);
      assert.match(t.link, hosts, `${t.id}: ${t.link}`);
      assert.ok(!t.related.includes(t.id), `${t.id} relates to itself`);
    }
  });

  test('typed relations name other terms, once each, and read on hover', () => {
    let withRelations = 0;
    for (const t of knowledge.glossary) {
      const seen = new Set<string>();
      for (const r of t.relations ?? []) {
        assert.ok(knowledge.term(r.term), `${t.id}: ${r.kind} ${r.term} is not a term`);
        assert.notEqual(r.term, t.id, `${t.id} relates to itself`);
        assert.ok(!seen.has(`${r.kind}:${r.term}`), `${t.id}: ${r.kind} ${r.term} twice`);
        seen.add(`${r.kind}:${r.term}`);
        if (r.since) assert.match(r.since, /^(?:\d{4}|4\.\d+)$/, `${t.id}: since ${r.since}`);
      }
      if (t.relations?.length) withRelations++;
      for (const name of t.exactCase ?? []) assert.ok([t.term, ...t.aliases].includes(name), `${t.id}: exactCase ${name} is not one of its names`);
    }
    assert.ok(withRelations >= 120, `${withRelations} terms with relations`);
    const hover = (text: string) => service.termHover(text, { line: 0, character: 2 })!.contents;
    assert.match(hover('XenServer'), /_XenServer:_ .*formerly Citrix Hypervisor \(since 2023\).*part of Cloud Software Group \(since 2023\)/);
    assert.match(hover('Citrix Hypervisor'), /renamed XenServer \(since 2023\)/);
    assert.match(hover('xend'), /replaced by xl \(Xen 4\.5\)/);
    assert.match(hover('blkfront'), /a kind of Frontend driver · runs in domU/);
    assert.match(hover('Citrix'), /part of Cloud Software Group \(since 2022\)/);
  });

  test('dated facts: who owns XenServer and what Citrix Hypervisor became', () => {
    const xs = knowledge.term('xenserver')!.full;
    assert.match(xs, /2023/);
    assert.match(xs, /Cloud Software Group/);
    assert.match(knowledge.term('citrix-hypervisor')!.short, /2023/);
    assert.match(knowledge.term('cloud-software-group')!.full, /not another name for Citrix/);
  });
});

describe('Look Up Term: search by name and by definition (issue #15)', () => {
  const search = (q: string) => searchGlossary(knowledge.glossary, q);

  test('names first: an exact name or other spelling leads', () => {
    assert.equal(search('Domain-0')[0].entry.id, 'dom0');
    assert.equal(search('xenbr0')[0].entry.id, 'bridge');
    assert.equal(search('vista')[0].entry.id, 'vista-equity-partners');
    assert.equal(search('vista')[0].where, 'name');
  });

  test('words of a definition find terms whose names do not hold them, with the words around them', () => {
    const hits = search('interrupt controller');
    const gic = hits.find((h) => h.entry.id === 'gic');
    assert.ok(gic, 'GIC is found by its definition');
    const trustzone = search('TrustZone');
    assert.ok(trustzone.some((h) => h.entry.id === 'tee' && h.where === 'definition'));
    assert.match(trustzone.find((h) => h.entry.id === 'tee')!.excerpt!, /TrustZone/);
    // A name match ranks above every definition match.
    const pool = search('pool');
    const firstDefinition = pool.findIndex((h) => h.where === 'definition');
    assert.ok(firstDefinition > 0 && pool.slice(0, firstDefinition).every((h) => h.where === 'name'));
    assert.ok(pool.slice(firstDefinition).every((h) => h.where === 'definition'));
  });

  test('every word must be there; nothing found is an empty list; no query lists every term by name', () => {
    assert.deepEqual(search('zebra xylophone'), []);
    const all = search('  ');
    assert.equal(all.length, knowledge.glossary.length);
    assert.ok(all.every((h, i) => i === 0 || all[i - 1].entry.term.localeCompare(h.entry.term, 'en', { sensitivity: 'base' }) <= 0));
  });

  test('"Insert link to definition": the selection or the term, linked to its page, brackets escaped', () => {
    const xcp = knowledge.term('xcp-ng')!;
    assert.equal(termLinkMarkdown(xcp), `[XCP-ng](${xcp.link})`);
    assert.equal(termLinkMarkdown(xcp, 'the [community] edition'), `[the \\[community\\] edition](${xcp.link})`);
    assert.equal(termLinkMarkdown(xcp, '  '), `[XCP-ng](${xcp.link})`);
  });
});

describe('term completion in prose (issue #15)', () => {
  const misspelt = (name: string) => findNameProblems(name, 'plaintext').length > 0;
  /** Labels offered at the | of the text. */
  function complete(textWithCursor: string, options: Partial<{ invoked: boolean; shortPrefixes: boolean; markdown: boolean }> = {}) {
    const { text, offset } = at(textWithCursor);
    const r = termCompletions(knowledge, text, offset, {
      invoked: options.invoked ?? true, shortPrefixes: options.shortPrefixes ?? false, masked: proseMask(text, options.markdown ? 'markdown' : 'plaintext'),
    }, misspelt);
    return { labels: r.items.map((i) => i.label), items: r.items, incomplete: r.incomplete, text };
  }

  test('three letters of a known name offer it in its official spelling, replacing what was typed', () => {
    const r = complete('Notes on Xen: we moved to xcp|');
    assert.ok(r.labels.includes('XCP-ng'), r.labels.join(', '));
    const item = r.items.find((i) => i.label === 'XCP-ng')!;
    assert.equal(r.text.slice(item.start, item.end), 'xcp');
    const grant = complete('Xen hosts use a grant t|');
    const table = grant.items.find((i) => i.label === 'Grant table');
    assert.ok(table, grant.labels.join(', '));
    assert.equal(grant.text.slice(table.start, table.end), 'grant t', 'two words typed, both replaced');
  });

  test('several words are matched, and a misspelling is never offered', () => {
    const r = complete('Managed with Xen Orch|');
    assert.deepEqual(r.labels.sort(), ['Xen Orchestra', 'Xen Orchestra Appliance']);
    assert.equal(r.text.slice(r.items[0].start, r.items[0].end), 'Xen Orch');
    const xens = complete('On Xen we run xenser|').labels;
    assert.ok(xens.includes('XenServer'));
    assert.ok(!xens.includes('Xenserver'), 'the alias "Xenserver" is a misspelling');
    assert.ok(complete('Xen and xenserv|').items.every((i) => !misspelt(i.label)));
  });

  test('never in the way: not after a trigger character, not inside code or URLs, not unasked in a text that is not about Xen', () => {
    assert.deepEqual(complete('On Xen we run xcp|', { invoked: false }).labels, []);
    assert.deepEqual(complete('On Xen: `xcp|`', { markdown: true }).labels, []);
    assert.deepEqual(complete('See https://example.org/xcp|', { markdown: true }).labels, []);
    assert.deepEqual(complete('Buy some grap|es').labels, []);
    assert.deepEqual(complete('A recipe with cele|ry').labels, []);
  });

  test('one or two letters: nothing yet (the editor asks again), except where the editor asks only on request', () => {
    const short = complete('On Xen: X|');
    assert.deepEqual(short.labels, []);
    assert.equal(short.incomplete, true);
    assert.ok(complete('On Xen: X|', { shortPrefixes: true }).labels.includes('XenServer'));
  });

  test('asked for with nothing typed: every entry by its own name', () => {
    const all = complete('Some text |');
    assert.equal(all.labels.length, knowledge.glossary.length);
    assert.deepEqual(complete('Some text|').labels, [], 'right after a word that starts no name');
  });
});
