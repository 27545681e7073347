// Term hover: glossary names, aliases and plurals found in xl.cfg comments and strings and in
// Markdown / plain text; short or ambiguous names only in their exact case; the everyday word
// "domain" only where it means a Xen domain.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LanguageService, knowledge } from '../../server/src/service';
import { termAt } from '../../server/src/service/features/terms';

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

  test('a long line of names answers quickly', () => {
    const text = 'Xen dom0 domU XCP-ng XenServer PVH '.repeat(2000);
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) service.termHover(text, { line: 0, character: 1000 + i * 37 });
    assert.ok(performance.now() - t0 < 2000, `20 hovers took ${Math.round(performance.now() - t0)} ms`);
  });
});
