// docs/diagnostics.md has a section for every code the service can emit, and each diagnostic
// links to it. Codes are collected from the source (the semantic code table, and every
// problem('code', ...) / code: 'code' of the parser) and from running the service over every
// test input, so a code added anywhere without documentation fails here.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { LanguageService, DOCS_URL } from '../../server/src/service';
import { SEMANTIC_CODES } from '../../server/src/service/features/diagnostics/codes';
import { repoRoot } from '../support/paths';

const DOC = path.join(repoRoot, 'docs', 'diagnostics.md');
const doc = fs.readFileSync(DOC, 'utf8');

/** `## code` sections and their text. */
function sections(md: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = md.split(/^## /m).slice(1);
  for (const p of parts) {
    const nl = p.indexOf('\n');
    const title = p.slice(0, nl).trim();
    if (/^[a-z0-9]+(-[a-z0-9]+)*$/.test(title)) out.set(title, p.slice(nl + 1).split(/^# /m)[0]);
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Codes written in the source: the semantic table and the parser's problems. */
function codesInSource(): Set<string> {
  const codes = new Set<string>(Object.keys(SEMANTIC_CODES));
  const service = path.join(repoRoot, 'server', 'src', 'service');
  for (const f of [...sourceFiles(path.join(service, 'parser')), path.join(service, 'document.ts')]) {
    const src = fs.readFileSync(f, 'utf8');
    for (const m of src.matchAll(/\bproblem\(\s*'([a-z0-9-]+)'|\bcode: '([a-z0-9-]+)'/g)) codes.add(m[1] ?? m[2]);
  }
  for (const f of sourceFiles(path.join(service, 'features', 'diagnostics'))) {
    const src = fs.readFileSync(f, 'utf8');
    for (const m of src.matchAll(/\.report\(\s*'([a-z0-9-]+)'/g)) codes.add(m[1]);
  }
  return codes;
}

function inputs(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) inputs(p, out);
    else if ((e.name.endsWith('.cfg') || e.name === 'xl.conf') && !/long-line|many-statements|wide-list/.test(p)) out.push(p);
  }
  return out;
}

const secs = sections(doc);

describe('docs/diagnostics.md', () => {
  const fromSource = codesInSource();

  test('every code in the source has a section', () => {
    const missing = [...fromSource].filter((c) => !secs.has(c)).sort();
    assert.deepEqual(missing, [], `codes without a section in docs/diagnostics.md: ${missing.join(', ')}`);
  });

  test('every code the service emits on the test inputs has a section, and each diagnostic links to it', () => {
    const service = new LanguageService();
    const seen = new Set<string>();
    const files = [
      ...inputs(path.join(repoRoot, 'test', 'semantic', 'cases')),
      ...inputs(path.join(repoRoot, 'test', 'conformance', 'cases')),
      ...inputs(path.join(repoRoot, 'test', 'fixtures', 'diagnostics')),
      ...inputs(path.join(repoRoot, 'samples')),
    ];
    assert.ok(files.length > 100);
    for (const f of files) {
      const text = fs.readFileSync(f, 'latin1');
      for (const d of service.diagnostics({ uri: `file://${f}`, version: 1, text })) {
        seen.add(d.code);
        assert.equal(d.href, `${DOCS_URL}#${d.code}`);
      }
      service.close(`file://${f}`);
    }
    const missing = [...seen].filter((c) => !secs.has(c)).sort();
    assert.deepEqual(missing, [], `emitted codes without a section: ${missing.join(', ')}`);
    const notInSource = [...seen].filter((c) => !fromSource.has(c)).sort();
    assert.deepEqual(notInSource, [], 'codes emitted but not found by the source scan (update codesInSource)');
  });

  test('each section says what it means, what xl does, how to fix it and how to silence it', () => {
    for (const [code, body] of secs) {
      assert.match(body, /^\*(Error|Warning)[^*]*\*/m, `${code}: no severity line`);
      assert.match(body, /\*\*What xl does:\*\*/, `${code}: no "What xl does"`);
      assert.match(body, /\*\*Fix:\*\*/, `${code}: no "Fix"`);
      assert.match(body, /\*\*Silence:\*\*/, `${code}: no "Silence"`);
    }
  });

  test('no section documents a code that no longer exists', () => {
    const stale = [...secs.keys()].filter((c) => !fromSource.has(c)).sort();
    assert.deepEqual(stale, []);
  });

  test('the link base points at this file', () => {
    assert.match(DOCS_URL, /\/docs\/diagnostics\.md$/);
  });
});
