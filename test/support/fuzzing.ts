// Property-based fuzzing of the language service, shared by the CI-sized run in `npm test`
// (test/unit/fuzz.test.ts) and long runs (`npm run fuzz -- --runs N`, scripts/fuzz.mjs, which
// bundles this file with esbuild).
//
// Inputs: grammar-aware configs built from the knowledge tables (known keys, enum values, spec
// sub-keys, every value shape, and the mistakes people make), byte-level mutations of real
// configs, and random edit sequences applied to an open document. On each input every feature
// is called at random positions (some outside the document, as a stale client sends them).
//
// Invariants: nothing throws; every range lies inside the document; a version is parsed once;
// `xlcfg parse` never accepts what the parser reports as a syntax error (and, when the oracle
// is given, libxlutil agrees on accept/reject); formatting is idempotent and keeps the values.

import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatText, knowledge, LanguageService } from '../../server/src/service';
import type { Position, Range } from '../../server/src/service';
import { parseXlConfig } from '../../server/src/service/parser';
import { LineIndex } from '../../server/src/service/text';
import { applyEdits } from '../../server/src/cli/check';
import { main } from '../../server/src/cli/main';

// ---- inputs ------------------------------------------------------------------------------------

const KEYS = knowledge.options.map((o) => o.key);
const ENUMS = knowledge.options.flatMap((o) => (o.values ?? []).map((v) => v.value));
const SPEC_ITEMS = knowledge.specs.flatMap((s) => s.subkeys.flatMap((k) => {
  const values = k.values?.map((v) => v.value) ?? [k.default ?? 'x'];
  return k.kind === 'flag' ? [k.key] : values.map((v) => (k.kind === 'positional' ? v : `${k.key}=${v}`));
}));
const SPEC_KEYS = knowledge.specs.flatMap((s) => s.usedBy);

const ws = fc.constantFrom('', ' ', ' ', '  ', '\t');

/**
 * One generator for two dialects: `valid` writes only what xl accepts (so deep features such as
 * spec validation and formatting get real work), the other adds the mistakes people make.
 */
function configArb(valid: boolean): fc.Arbitrary<string> {
  const keyArb = valid
    ? fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...KEYS) }, { weight: 2, arbitrary: fc.constantFrom(...SPEC_KEYS) }, { weight: 1, arbitrary: fc.stringMatching(/^[a-z][._0-9a-z]{0,12}$/) })
    : fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...KEYS) },
      { weight: 2, arbitrary: fc.constantFrom(...SPEC_KEYS) },
      { weight: 1, arbitrary: fc.stringMatching(/^[a-z][._0-9a-z]{0,12}$/) },
      { weight: 1, arbitrary: fc.constantFrom('Memory', '_a', 'on-crash', '9x', 'a b', 'kernel.', '') },
    );
  const charArb = valid
    ? fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom(...'abcxyz019 ,=:/.-_@^#[];'.split('')) },
      { weight: 2, arbitrary: fc.constantFrom('\\n', '\\\\', '\\t', '\\r') },
      { weight: 1, arbitrary: fc.constantFrom('é', '仮', '\u{1F600}', '\u2028', '\uFEFF') },
    )
    : fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom(...'abcxyz019 ,=:/.-_@^'.split('')) },
      { weight: 2, arbitrary: fc.constantFrom('\\n', '\\"', "\\'", '\\\\', '\\t', '\\x41', '\\0', '\\q', '\\', '"', "'", '#', '[', ']', ';') },
      { weight: 1, arbitrary: fc.constantFrom('é', '仮', '\u{1F600}', '\uD800', '\uDC00', '\u0000', '\r', '\u2028', '\uFEFF') },
    );
  const stringBody = fc.oneof(
    { weight: 3, arbitrary: fc.array(charArb, { maxLength: 24 }).map((a) => a.join('')) },
    { weight: 3, arbitrary: fc.array(fc.constantFrom(...SPEC_ITEMS), { minLength: 1, maxLength: 5 }).map((a) => a.join(',')) },
    { weight: 2, arbitrary: fc.constantFrom(...ENUMS) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('/boot/', '/srv/xen/', 'images/', '../', 'target=/srv/', 'phy:/dev/vg/', ''), fc.array(charArb, { maxLength: 10 })).map(([p, a]) => p + a.join('')) },
  );
  const stringArb = fc.tuple(valid ? fc.constantFrom('"', "'") : fc.constantFrom('"', "'", '"', "'", ''), stringBody, valid ? fc.constant(true) : fc.boolean()).map(([q, body, close]) => {
    const safe = q ? body.split(q).join('') : body;
    return close || !q ? `${q}${safe}${q}` : `${q}${safe}`;
  });
  const numberArb = fc.oneof(
    fc.nat({ max: 1 << 20 }).map(String),
    fc.nat({ max: 0xffff }).map((n) => '0x' + n.toString(16)),
    fc.nat({ max: 0o777 }).map((n) => '0' + n.toString(8)),
    valid ? fc.constantFrom('08', '12abc', '0', '99999999999999999999') : fc.constantFrom('08', '12abc', '0x1F', '-1', '1.5', '10G', '0', '99999999999999999999'),
  );
  const sepArb = valid ? fc.constantFrom(',', ', ', ',\n  ', ' ,', ', # c\n  ') : fc.constantFrom(',', ', ', ',\n  ', ' ,', ',,', '', ', # c\n  ');
  const { value: valueArb } = fc.letrec<{ value: string; list: string }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 5, arbitrary: stringArb },
      { weight: 3, arbitrary: numberArb },
      { weight: 2, arbitrary: tie('list') },
      { weight: valid ? 0 : 1, arbitrary: fc.constantFrom('pvh', 'True', '', 'None', '(1, 2)', '{ }', '"a" "b"') },
    ),
    list: fc.tuple(fc.array(tie('value'), { maxLength: 5 }), sepArb, fc.constantFrom('', ',', ' ,\n'), valid ? fc.constant(']') : fc.constantFrom(']', ']', ']', ''), ws)
      .map(([items, sep, trail, close, w]) => `[${w}${items.join(sep)}${items.length ? trail : ''}${w}${close}`),
  }));
  const endArb = valid ? fc.constantFrom('\n', '\n', '\n', ';\n', '; ', ' # comment\n', '\n\n') : fc.constantFrom('\n', '\n', '\n', ';', '; ', ' # comment\n', '\r\n', '\n\n', '');
  const opArb = valid ? fc.constantFrom('=', '=', '=', '+=') : fc.constantFrom('=', '=', '=', '+=', '==', '+ =');
  const statementArb = fc.oneof(
    { weight: 12, arbitrary: fc.tuple(keyArb, ws, opArb, ws, valueArb, endArb).map((p) => p.join('')) },
    { weight: 2, arbitrary: fc.constantFrom('# a comment\n', '\n', '   \n', '#\n', '# dom0 PVH grant table\n') },
    { weight: valid ? 0 : 1, arbitrary: fc.constantFrom('import os\n', 'if x:\n', 'memory = {{ mem }}\n', 'name = "${NAME}"\n', 'def f():\n', 'disk = [ "a" ] + [ "b" ]\n', '\u0000\n', '[[[[[[\n') },
  );
  return fc.array(statementArb, { maxLength: 30 }).map((s) => (valid ? s.join('').replace(/[^\n]$/, '$&\n') : s.join('')));
}

/** Grammar-aware configs: real keys, values of every shape; mostly valid, some with the mistakes people make. */
export const validConfig = configArb(true);
export const noisyConfig = configArb(false);
export const generatedConfig = fc.oneof({ weight: 3, arbitrary: validConfig }, { weight: 2, arbitrary: noisyConfig });
const statementText = noisyConfig.map((s) => s.slice(0, 80));

/** Byte-level mutations of a seed file (flips, inserts, deletes, duplicated and spliced ranges). */
export function mutatedConfig(seeds: readonly string[]): fc.Arbitrary<string> {
  const bytes = seeds.map((s) => Buffer.from(s, 'utf8'));
  const mutation = fc.tuple(fc.nat(), fc.nat(), fc.nat({ max: 5 }), fc.nat({ max: 255 }), fc.nat(), fc.constantFrom(0x00, 0x0a, 0x0d, 0x22, 0x27, 0x5b, 0x5d, 0x5c, 0x23, 0x3d, 0x2c, 0x3b, 0xff, 0xc3, 0xed, 0x20));
  return fc.tuple(fc.nat({ max: bytes.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 8 }), fc.boolean()).map(([seedIndex, mutations, latin1]) => {
    let b = Buffer.from(bytes[seedIndex]);
    for (const [a, c, kind, byte, other, special] of mutations) {
      const at = b.length ? a % (b.length + 1) : 0;
      const len = 1 + (c % 64);
      switch (kind) {
        case 0: if (b.length) b[at % b.length] ^= 1 << (byte % 8); break;
        case 1: b = Buffer.concat([b.subarray(0, at), Buffer.from([byte % 2 ? special : byte]), b.subarray(at)]); break;
        case 2: b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + len))]); break;
        case 3: b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + len), b.subarray(at)]); break;
        case 4: { const src = bytes[other % bytes.length]; const from = src.length ? c % src.length : 0; b = Buffer.concat([b.subarray(0, at), src.subarray(from, from + len), b.subarray(at)]); break; }
        default: b = Buffer.concat([b.subarray(0, at), Buffer.from([special, special, special]), b.subarray(at)]);
      }
    }
    return b.toString(latin1 && mutations.length % 3 === 0 ? 'latin1' : 'utf8');
  });
}

/** A text change as an editor sends it: a range (possibly past the end) and its replacement. */
export interface Edit { start: number; end: number; text: string }
const editText = fc.oneof(
  { weight: 4, arbitrary: statementText },
  { weight: 3, arbitrary: fc.string({ maxLength: 6, unit: 'binary' }) },
  { weight: 2, arbitrary: fc.constantFrom('', '\n', '"', '[', ']', ',', '=', ' ', '#', '\r\n', '\\', ';') },
);
export const editsArb = fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), editText).map(([start, len, text]) => ({ start, end: start + len, text })), { minLength: 1, maxLength: 12 });

/** Positions as clients send them: mostly in the document, sometimes past a line's or the file's end. */
export const positionsArb = fc.array(fc.tuple(fc.nat({ max: 10_000 }), fc.nat({ max: 10_000 }), fc.nat({ max: 9 })), { minLength: 1, maxLength: 6 });

export function applyEdit(text: string, e: Edit): string {
  const start = Math.min(e.start % (text.length + 1), text.length);
  const end = Math.min(Math.max(start, e.end % (text.length + 2)), text.length);
  return text.slice(0, start) + e.text + text.slice(end);
}

// ---- invariants --------------------------------------------------------------------------------

export class InvariantError extends Error {}
const fail = (what: string): never => { throw new InvariantError(what); };

function checkRange(lines: LineIndex, r: Range | undefined, where: string): void {
  if (!r) return;
  const ok = (p: Position) => p && Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0
    && p.line < lines.lineCount && p.character <= lines.lineText(p.line).length;
  if (!ok(r.start) || !ok(r.end)) fail(`${where}: range ${JSON.stringify(r)} outside the document (${lines.lineCount} lines)`);
  if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)) fail(`${where}: range ${JSON.stringify(r)} ends before it starts`);
}

const contains = (outer: Range, inner: Range) =>
  (outer.start.line < inner.start.line || (outer.start.line === inner.start.line && outer.start.character <= inner.start.character))
  && (outer.end.line > inner.end.line || (outer.end.line === inner.end.line && outer.end.character >= inner.end.character));

/** Every object shaped like a range, anywhere in a result, must lie in the document. */
function checkAllRanges(lines: LineIndex, value: unknown, where: string, depth = 0): void {
  if (!value || typeof value !== 'object' || depth > 200) return;
  if (Array.isArray(value)) { for (const v of value) checkAllRanges(lines, v, where, depth + 1); return; }
  const o = value as Record<string, unknown>;
  const isPos = (p: unknown) => !!p && typeof p === 'object' && 'line' in (p as object) && 'character' in (p as object);
  if (isPos(o.start) && isPos(o.end)) { checkRange(lines, o as unknown as Range, where); return; }
  for (const [k, v] of Object.entries(o)) checkAllRanges(lines, v, `${where}.${k}`, depth + 1);
}

function toPosition(lines: LineIndex, [a, b, mode]: [number, number, number]): Position {
  if (mode === 0) return { line: a, character: b };                         // anywhere, mostly outside
  const line = a % (lines.lineCount + (mode === 1 ? 1 : 0));
  const len = line < lines.lineCount ? lines.lineText(line).length : 0;
  return { line, character: mode === 2 ? len + (b % 3) : b % (len + 1) };
}

const sameValues = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Formatting (whole file and a range) is idempotent, keeps every value, and agrees with the edits the server sends. */
export function checkFormatting(service: LanguageService, uri: string, version: number, text: string, range: Range): void {
  const r = formatText(text);
  const before = parseXlConfig(text);
  const edits = service.format({ uri, version, text });
  if (!r.ok) {
    if (edits.length) fail('format: edits offered for a file the formatter refuses');
    return;
  }
  if (before.syntaxErrors.length) fail('format: a file with syntax errors was formatted');
  const after = parseXlConfig(r.text);
  if (after.syntaxErrors.length) fail(`format: the result does not parse: ${after.syntaxErrors[0].message}`);
  if (!sameValues(before.effectiveValues(), after.effectiveValues())) fail('format: values changed');
  const again = formatText(r.text);
  if (!again.ok || again.text !== r.text) fail('format: not idempotent');
  if (applyEdits(text, edits) !== r.text) fail('format: the server edits do not give the formatted text');
  const rangeEdits = service.format({ uri, version, text }, {}, range);
  const partial = applyEdits(text, rangeEdits);
  const p = parseXlConfig(partial);
  if (p.syntaxErrors.length || !sameValues(p.effectiveValues(), before.effectiveValues())) fail('range format: values changed or the result does not parse');
}

/** Calls every feature of the service at the given positions and checks the results. */
export function checkFeatures(service: LanguageService, uri: string, version: number, text: string, raw: [number, number, number][]): void {
  const input = { uri, version, text };
  const lines = new LineIndex(text);
  const parses = service.parseCount;
  const positions = raw.map((p) => toPosition(lines, p));
  const diagnostics = service.diagnostics(input);
  checkAllRanges(lines, diagnostics, 'diagnostics');
  const cfg = parseXlConfig(text);
  if (cfg.parsed.rejected && !diagnostics.some((d) => d.severity === 'error')) fail('diagnostics: xl rejects the file but no error is shown');
  for (const [i, p] of positions.entries()) {
    checkAllRanges(lines, service.hover(input, p), `hover@${p.line}:${p.character}`);
    checkAllRanges(lines, service.completion(input, p), `completion@${p.line}:${p.character}`);
    const q = positions[(i + 1) % positions.length];
    const range = p.line < q.line || (p.line === q.line && p.character <= q.character) ? { start: p, end: q } : { start: q, end: p };
    checkAllRanges(lines, service.codeActions(input, range), 'codeActions');
    checkAllRanges(lines, service.semanticTokens(input, range).map((t) => ({ start: { line: t.line, character: t.character }, end: { line: t.line, character: t.character + t.length } })), 'semanticTokens(range)');
    checkAllRanges(lines, service.termHover(text, p), 'termHover');
  }
  for (const s of service.selectionRanges(input, positions)) {
    checkAllRanges(lines, s, 'selectionRanges');
    for (let r = s; r.parent; r = r.parent) if (!contains(r.parent.range, r.range)) fail('selectionRanges: a parent does not contain its child');
  }
  checkAllRanges(lines, service.documentSymbols(input), 'documentSymbols');
  checkAllRanges(lines, service.documentSymbols(input, { groupByTopic: false }), 'documentSymbols(flat)');
  for (const f of service.foldingRanges(input)) if (!(f.startLine >= 0 && f.startLine <= f.endLine && f.endLine < lines.lineCount)) fail(`folding: ${JSON.stringify(f)}`);
  const tokens = service.semanticTokens(input);
  checkAllRanges(lines, tokens.map((t) => ({ start: { line: t.line, character: t.character }, end: { line: t.line, character: t.character + t.length } })), 'semanticTokens');
  checkAllRanges(lines, service.documentLinks(input), 'documentLinks');
  // Every path "exists": file links are computed for every path-like string.
  checkAllRanges(lines, service.documentLinks(input, { workspaceFolders: ['file:///ws', 'file:///other%20ws/'], isFile: () => true }), 'documentLinks(files)');
  checkAllRanges(lines, service.guestModel(input), 'guestModel');
  service.status(input);
  if (service.parseCount - parses > 1) fail(`version ${version} was parsed ${service.parseCount - parses} times`);
  const a = positions[0], b = positions[positions.length - 1];
  checkFormatting(service, uri, version, text, a.line <= b.line ? { start: a, end: b } : { start: b, end: a });
}

/** `xlcfg parse` on the file: exit 1 exactly when the parser reports a syntax error; 0 prints the values. */
export function checkCli(text: string, tmpDir: string): void {
  const file = path.join(tmpDir, 'case.cfg');
  fs.writeFileSync(file, text);
  const seen = Buffer.from(text, 'utf8').toString('utf8');
  let out = '';
  const code = main(['parse', file], { out: (s) => { out += s; }, err: () => undefined });
  if (code === 2) return; // the CLI declined a binary-looking file, with a message
  const cfg = parseXlConfig(seen);
  if (code === 0 && cfg.syntaxErrors.length) fail(`xlcfg parse accepted a file with a syntax error: ${cfg.syntaxErrors[0].message}`);
  if (code === 1 && !cfg.syntaxErrors.length) fail('xlcfg parse rejected a file the parser accepts');
  if (code === 0 && !sameValues(JSON.parse(out), cfg.effectiveValues())) fail('xlcfg parse printed other values than the parser');
}

/** libxlutil (`xlucfg parse`) and the parser agree on whether xl accepts the file. */
export function checkOracle(text: string, tmpDir: string, xlucfg: string): void {
  const file = path.join(tmpDir, 'oracle.cfg');
  const bytes = Buffer.from(text, 'utf8');
  fs.writeFileSync(file, bytes);
  const r = spawnSync(xlucfg, ['parse', file], { encoding: 'utf8', timeout: 20_000 });
  if (r.error || r.status === null && r.signal !== 'SIGABRT') return; // could not run: not a verdict
  const xlAccepts = r.status === 0;
  const ours = parseXlConfig(bytes.toString('utf8'));
  const weAccept = !ours.parsed.rejected;
  if (xlAccepts !== weAccept) fail(`parser and libxlutil disagree: xl ${xlAccepts ? 'accepts' : `rejects (${(r.stderr || r.signal || '').trim().split('\n')[0]})`}, we ${weAccept ? 'accept' : `reject (${ours.syntaxErrors[0]?.message})`}`);
}

// ---- the properties ----------------------------------------------------------------------------

export interface FuzzOptions {
  /** Seed files for byte-level mutation. */
  seeds: string[];
  /** Path of the oracle's xlucfg, to compare accept/reject with libxlutil. */
  xlucfg?: string;
  /** Ask the oracle about one case in this many (it costs a process). */
  oracleEvery?: number;
  tmpDir?: string;
}

export function makeProperties(opts: FuzzOptions) {
  const tmpDir = opts.tmpDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'xlcfg-fuzz-'));
  let n = 0;
  const oracle = (text: string) => {
    if (opts.xlucfg && ++n % (opts.oracleEvery ?? 10) === 0) checkOracle(text, tmpDir, opts.xlucfg);
  };
  const oneText = (text: string, raw: [number, number, number][], uri = 'file:///fuzz/guest.cfg') => {
    const service = new LanguageService();
    checkFeatures(service, uri, 1, text, raw);
    checkCli(text, tmpDir);
    oracle(text);
  };
  return {
    tmpDir,
    generated: fc.property(generatedConfig, positionsArb, fc.constantFrom('file:///fuzz/guest.cfg', 'file:///etc/xen/xl.conf'), (text, raw, uri) => oneText(text, raw, uri)),
    mutated: fc.property(mutatedConfig(opts.seeds), positionsArb, (text, raw) => oneText(text, raw)),
    edits: fc.property(fc.oneof(generatedConfig, fc.constantFrom(...opts.seeds)), editsArb, positionsArb, (initial, edits, raw) => {
      const service = new LanguageService();
      const uri = 'file:///fuzz/open.cfg';
      let text = initial;
      let version = 1;
      checkFeatures(service, uri, version, text, raw);
      for (const e of edits) {
        text = applyEdit(text, e);
        version++;
        const before = service.parseCount;
        checkFeatures(service, uri, version, text, raw);
        if (service.parseCount !== before + 1) fail(`edit to version ${version}: ${service.parseCount - before} parses`);
        // The same version again (a client re-asking) costs no parse.
        service.hover({ uri, version, text }, { line: 0, character: 0 });
        if (service.parseCount !== before + 1) fail('an unchanged version was parsed again');
      }
      service.close(uri);
    }),
  };
}

/** Seed files: the conformance inputs and samples in the repository, and the corpus when present. */
export function seedFiles(repoRoot: string, corpusDir?: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p); else if (/\.cfg$/.test(e.name)) out.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(path.join(repoRoot, 'samples'));
  walk(path.join(repoRoot, 'test', 'conformance', 'cases'));
  if (corpusDir) walk(corpusDir);
  return out.filter((s) => s.length < 200_000);
}
