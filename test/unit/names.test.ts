// The names lint (issue #15): official spellings of XenServer, Xen Project, XCP-ng, XenCenter,
// Xen Orchestra and XAPI, and renamed products, in Markdown, plain text and xl.cfg comments.
// Measured on a labelled set we wrote (test/fixtures/names): planted misspellings, and negative
// controls (code, URLs, paths, history, Domain-0, generic phrases, suppressions).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { LanguageService } from '../../server/src/service';
import { findNameProblems, NAME_CODES, NameCode, proseMask } from '../../server/src/service/features/names';
import { repoRoot } from '../support/paths';

const FIXTURES = path.join(repoRoot, 'test', 'fixtures', 'names');

interface Expected { start: number; end: number; code: NameCode; replacement: string }

/** Strips the markers ⟦found→official⟧ (name-spelling) and ⟦found⇒current⟧ (renamed-product). */
function labelled(marked: string): { text: string; expected: Expected[] } {
  const expected: Expected[] = [];
  let text = '';
  let at = 0;
  for (const m of marked.matchAll(/⟦([^⟧→⇒]+)(→|⇒)([^⟧]+)⟧/g)) {
    text += marked.slice(at, m.index);
    expected.push({ start: text.length, end: text.length + m[1].length, code: m[2] === '→' ? 'name-spelling' : 'renamed-product', replacement: m[3] });
    text += m[1];
    at = m.index! + m[0].length;
  }
  return { text: text + marked.slice(at), expected };
}

interface Found { start: number; end: number; code: string; replacement?: string }

/** Findings of the lint as offsets, for each kind of file. */
function lint(file: string, text: string): Found[] {
  if (file.endsWith('.cfg')) {
    const service = new LanguageService();
    const lines = text.split('\n');
    const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    return service.diagnostics({ uri: `file:///etc/xen/${path.basename(file)}`, version: 1, text })
      .filter((d) => (NAME_CODES as readonly string[]).includes(d.code))
      .map((d) => ({ start: offset(d.range.start), end: offset(d.range.end), code: d.code, replacement: d.fixes[0]?.edits[0]?.newText }));
  }
  return findNameProblems(text, file.endsWith('.md') ? 'markdown' : 'plaintext');
}

describe('names lint: precision and recall on the labelled set', () => {
  const files = fs.readdirSync(FIXTURES).filter((f) => /^labelled/.test(f)).sort();
  let tp = 0, fp = 0, fn = 0;
  const misses: string[] = [];
  for (const file of files) {
    test(file, () => {
      const { text, expected } = labelled(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));
      assert.ok(expected.length >= 5, `${file}: too few planted names`);
      const found = lint(file, text);
      const key = (f: { start: number; end: number; code: string }) => `${f.start}:${f.end}:${f.code}`;
      const want = new Map(expected.map((e) => [key(e), e]));
      for (const f of found) {
        const e = want.get(key(f));
        if (e && e.replacement === f.replacement) { tp++; want.delete(key(f)); }
        else { fp++; misses.push(`${file}: unexpected ${f.code} on '${text.slice(f.start, f.end)}' → '${f.replacement}'`); }
      }
      for (const e of want.values()) { fn++; misses.push(`${file}: missed ${e.code} on '${text.slice(e.start, e.end)}'`); }
    });
  }
  test('precision and recall are at least 0.95', () => {
    const precision = tp / (tp + fp), recall = tp / (tp + fn);
    console.log(`names lint on ${files.length} labelled files: ${tp} found, ${fp} false, ${fn} missed; precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
    for (const m of misses) console.log(`  ${m}`);
    assert.ok(tp + fn >= 40, `only ${tp + fn} planted names`);
    assert.ok(precision >= 0.95, `precision ${precision.toFixed(3)}`);
    assert.ok(recall >= 0.95, `recall ${recall.toFixed(3)}`);
  });
});

describe("names lint on the project's own documentation", () => {
  test('README.md and docs/*.md give no finding', () => {
    const docs = ['README.md', ...fs.readdirSync(path.join(repoRoot, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    const findings = docs.flatMap((f) => findNameProblems(fs.readFileSync(path.join(repoRoot, f), 'utf8'), 'markdown').map((p) => `${f}: ${p.found} (${p.code})`));
    assert.ok(docs.length >= 5);
    assert.deepEqual(findings, []);
  });
});

describe('names lint: behaviour', () => {
  const one = (text: string, kind: 'markdown' | 'plaintext' = 'markdown') => findNameProblems(text, kind);

  test('each finding has a stable code, a severity, a message and the official name to write', () => {
    const [f] = one('We run Xenserver.');
    assert.equal(f.code, 'name-spelling');
    assert.equal(f.severity, 'warning');
    assert.equal(f.replacement, 'XenServer');
    assert.match(f.message, /'Xenserver' is spelt 'XenServer'/);
    const [r] = one('Install Citrix Hypervisor on the new hosts.');
    assert.equal(r.code, 'renamed-product');
    assert.equal(r.severity, 'info');
    assert.equal(r.replacement, 'XenServer');
    assert.match(r.message, /2023/);
  });

  test('a plural or possessive is kept by the fix', () => {
    assert.equal(one("Xcp-ng's installer")[0].replacement, "XCP-ng's");
    assert.equal(one('Xen-project\u2019s advisories')[0].replacement, 'Xen Project\u2019s');
  });

  test('dom0, Dom0, Domain-0 and the daemon xapi are all correct', () => {
    assert.deepEqual(one('dom0, Dom0 and Domain-0; restart xapi on Xen.'), []);
  });

  test('history and releases of an old product are not findings', () => {
    assert.deepEqual(one('XenServer was renamed Citrix Hypervisor in 2019.'), []);
    assert.deepEqual(one('We still run Citrix Hypervisor 8.2 CU1.'), []);
    assert.deepEqual(one('XCP, the Xen Cloud Platform, came first.'), []);
  });

  test('suppressions: next line, same line, whole file', () => {
    assert.deepEqual(one('<!-- xlcfg-disable-next-line name-spelling -->\nXenserver'), []);
    assert.equal(one('<!-- xlcfg-disable-next-line renamed-product -->\nXenserver').length, 1, 'another code stays');
    assert.deepEqual(one('Xenserver <!-- xlcfg-disable-line -->'), []);
    assert.deepEqual(one('<!-- xlcfg-disable name-spelling -->\n\nXenserver and XCP-NG.'), []);
    assert.deepEqual(one('xlcfg-disable-next-line\nXenserver', 'plaintext'), []);
  });

  test('the mask keeps offsets and lines, and blanks code, URLs and front matter', () => {
    const md = '---\ntitle: Xenserver\n---\nText `XCP-NG` and https://x.org/Xenserver\n```\nXenserver\n```\n';
    const masked = proseMask(md, 'markdown');
    assert.equal(masked.length, md.length);
    assert.equal(masked.split('\n').length, md.split('\n').length);
    assert.doesNotMatch(masked, /Xenserver|XCP-NG/);
    assert.match(masked, /Text/);
  });

  test('plain text has no code blocks: an indented line is prose there', () => {
    assert.equal(one('\n    Xenserver\n', 'plaintext').length, 1);
    assert.equal(one('\n    Xenserver\n', 'markdown').length, 0);
  });

  test('xl.cfg: comments only, silenced per code by the xlcfg.diagnostics setting', () => {
    const service = new LanguageService();
    const text = 'name = "Xenserver"\n# moved from Xenserver\n';
    const codes = (settings?: Record<string, 'off'>) => {
      if (settings) service.configure({ diagnostics: settings });
      return service.diagnostics({ uri: `file:///etc/xen/n${settings ? 1 : 0}.cfg`, version: 1, text }).filter((d) => d.code === 'name-spelling');
    };
    const ds = codes();
    assert.equal(ds.length, 1);
    assert.equal(ds[0].range.start.line, 1);
    assert.equal(ds[0].fixes[0].edits[0].newText, 'XenServer');
    assert.equal(codes({ 'name-spelling': 'off' }).length, 0);
  });

  // Speed is measured by the benchmarks, not here: this holds the findings of a long document.
  test('a long document: every finding, none in code or URLs', () => {
    const text = 'Xenserver and XCP-ng, `code`, https://xcp-ng.org, Citrix Hypervisor today.\n'.repeat(5000);
    const found = one(text);
    assert.equal(found.length, 10000);
  });
});
