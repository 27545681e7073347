// Text from the user's file never acts as Markdown or HTML in hover and completion: link, image,
// HTML and backtick payloads are placed wherever a file's text can reach a hover (spec sub-key
// names and values, malformed items, enum values read by prefix, term hover next to them) and
// every Markdown answer is checked with its code spans taken out, the way a renderer reads it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { knowledge, LanguageService } from '../../server/src/service';

const service = new LanguageService(undefined, { xenVersion: '4.22' });
let n = 0;

/** The Markdown outside code spans (CommonMark: a run of N backticks closes at the next run of exactly N). */
function outsideCodeSpans(md: string): string {
  let out = '';
  let i = 0;
  while (i < md.length) {
    if (md[i] !== '`') { out += md[i++]; continue; }
    let j = i;
    while (md[j] === '`') j++;
    const fence = md.slice(i, j);
    const close = new RegExp(`(?<!\`)${fence}(?!\`)`, 'g');
    close.lastIndex = j;
    const m = close.exec(md);
    if (!m) { out += fence; i = j; continue; } // an unmatched run is literal text
    i = m.index + fence.length;
  }
  return out;
}

const PAYLOADS = [
  '[click](https://evil.example/x)',
  '![pic](https://evil.example/p.png)',
  '<img src=x onerror=alert(1)>',
  '<b onmouseover=alert(1)>evil.example</b>',
  'a`b``c [l](https://evil.example/y)',
  '**evil.example**',
];
/** Hostile text must not survive as Markdown or HTML: no link target, no tag, no emphasis of it. */
function assertInert(md: string, where: string): void {
  const rest = outsideCodeSpans(md);
  assert.ok(!/evil\.example/.test(rest), `${where}: user text outside a code span:\n${md}`);
  assert.ok(!/<img|<b\b|onerror|onmouseover/i.test(rest), `${where}: HTML from the file:\n${md}`);
}

function hoverAt(text: string, at: number) {
  const before = text.slice(0, at);
  return service.hover({ uri: `file:///m/${n++}.cfg`, version: 1, text }, { line: before.split('\n').length - 1, character: at - (before.lastIndexOf('\n') + 1) });
}

describe('Markdown from the file is inert', () => {
  const places: [string, (p: string) => string][] = [
    ['unknown disk parameter name', (p) => `disk = [ 'vdev=xvda, ${p}=1' ]\n`],
    ['unknown vif parameter name', (p) => `vif = [ 'bridge=xenbr0,${p}=1' ]\n`],
    ['vif parameter value', (p) => `vif = [ 'bridge=${p}' ]\n`],
    ['disk target', (p) => `disk = [ 'format=raw, vdev=xvda, target=${p}' ]\n`],
    ['p9 item without =', (p) => `p9 = [ 'tag=a,${p}' ]\n`],
    ['channel item with an empty name', (p) => `channel = [ 'name=a,=${p}' ]\n`],
    ['pci option', (p) => `pci = [ '01:00.0,${p}=1' ]\n`],
    ['string value', (p) => `type = "pvh"\nname = "${p}"\n`],
    ['comment', (p) => `# ${p} dom0\nname = "a"\n`],
  ];
  for (const [where, make] of places) {
    test(where, () => {
      let answered = 0;
      for (const payload of PAYLOADS) {
        const text = make(payload.replace(/'/g, ''));
        // Hover at every character of the line that holds the payload.
        const start = text.indexOf(payload.slice(0, 4));
        for (let at = start; at < start + payload.length; at++) {
          const h = hoverAt(text, at);
          if (!h) continue;
          answered++;
          assertInert(h.contents, `${where}, ${JSON.stringify(payload)} at ${at - start}`);
        }
      }
      assert.ok(answered > 0 || where === 'string value' || where === 'comment', `${where}: no hover at all, so nothing was checked`);
    });
  }

  test('an enum value read by prefix names what was written as code', () => {
    const h = hoverAt('type = "h"\n', 8)!;
    assert.match(h.contents, /xl reads `h` as `hvm`/);
  });

  test('completion documentation and details hold no text from the file', () => {
    const text = `name = "<img src=x onerror=alert(1)>"\nvif = [ 'bridge=[click](https://evil.example/x),' ]\n`;
    const items = service.completion({ uri: `file:///m/${n++}.cfg`, version: 1, text }, { line: 1, character: text.split('\n')[1].length - 3 });
    assert.ok(items.length > 0);
    for (const c of items) assertInert(`${c.label} ${c.detail ?? ''} ${c.documentation ?? ''}`, `completion item ${c.label}`);
  });

  /** xl quotes `like this' in its messages: copied into Markdown, that opens a code span that swallows the rest. */
  const garbles = (text: string) => (text.match(/`/g) ?? []).length % 2 === 1 || /`[^`\s]+'/.test(text);
  test('the check catches xl\'s quoting', () => {
    assert.equal(garbles('fails with "near `xvda\'": write `/dev/vg/x,,xvda,rw`, `/dev/vg/x,raw,xvda,rw` or `phy:`'), true);
    assert.equal(garbles('prints "Invalid parameter \'mac\'" and `mac=` stays unset'), false);
  });
  test('the knowledge texts are well-formed Markdown: every code span is closed, no xl-style quotes', () => {
    const open: string[] = [];
    const walk = (v: unknown, where: string): void => {
      if (typeof v === 'string') { if (garbles(v)) open.push(where); return; }
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${where}[${i}]`));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${where}.${k}`);
    };
    walk({ options: knowledge.options, specs: knowledge.specs, xlConf: knowledge.xlConf, glossary: knowledge.glossary }, 'knowledge');
    assert.deepEqual(open, []);
  });
});
