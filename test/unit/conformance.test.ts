// Parser conformance: our parser against what the real xl parser (libxlutil) of each release with
// an oracle (Xen 4.17 and 4.20: ORACLE_RELEASES) said about the same bytes. The recordings live
// next to the inputs (test/conformance/cases/<kind>/<name>.<release>.xl.json) and were made by
// scripts/record-conformance.mjs; see test/conformance/README.md. Our parser has no per-release
// behaviour (xl's grammar did not change between 4.17 and 4.20), so both releases' answers must
// hold for the same parse.
//
// For every input and every release:
//   - same verdict: xl's exit 0  <=>  no syntax errors;
//   - accepted: xl's effective values (its stdout, JSON) deep-equal effectiveValues(), same key order;
//   - rejected: our first error starts on xl's first reported line, corrected for xl's
//     off-by-one on newline tokens (expectedErrorLine() below), and every later line xl reports
//     has an error of ours.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseXlConfig, XlValue } from '../../server/src/service/parser';
import { ORACLE_RELEASES } from '../../server/src/service/knowledge/types';

interface Recording {
  tool: string;
  xen?: string;
  exit: number;
  signal?: string;
  stdout: string;
  stderr: string;
  sha256?: string;
  file?: string;
}

function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
  }
}

const ROOT = repoRoot();
const CONF = path.join(ROOT, 'test', 'conformance');
const CASES = path.join(CONF, 'cases');
const CORPUS_REC = path.join(CONF, 'corpus');
const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');

/** Every kind of corpus mutation the suite must keep (the issue's list). */
const MUTATION_KINDS = [
  'delete-comma', 'double-comma', 'delete-quote', 'double-quote', 'bare-word', 'uppercase-key', 'hyphen-key',
  'crlf', 'tabs', 'form-feed', 'comment-no-final-newline', 'plus-eq', 'nested-list', 'long-line', 'non-ascii',
  'nul-byte', 'escapes', 'semicolon', 'newline-after-eq', 'leading-comma', 'trailing-comma',
];
const NOT_MUTATIONS = new Set(['probes', 'edge']);
/** Problems whose range covers several lines: xl names one line inside it. */
const MULTI_LINE_CODES = new Set(['unclosed-list', 'add-type-mismatch']);

const sha256 = (buf: Buffer) => crypto.createHash('sha256').update(buf).digest('hex');
const readRecording = (file: string): Recording => JSON.parse(fs.readFileSync(file, 'utf8'));
/** `<name>.cfg` -> its recording by xl `release`, `<name>.<release>.xl.json`. */
const recordingOf = (input: string, release: string) => `${input.replace(/\.cfg$/, '')}.${release}.xl.json`;

// ---------------------------------------------------------------------------------------------
// xl's error lines

interface XlError { line: number; near: string; message: string }

/** Every `NAME:LINE: config parsing error near X: MESSAGE` line xl printed, in order. */
function xlErrors(stderr: string, fileName: string): XlError[] {
  const prefix = `${fileName}:`;
  const out: XlError[] = [];
  for (const line of stderr.split('\n')) {
    if (!line.startsWith(prefix)) continue;
    const m = /^(-?\d+): config parsing error near (.*)$/s.exec(line.slice(prefix.length));
    if (!m) continue;
    // xl's messages contain no ": ", so the message is what follows the last one.
    const rest = m[2];
    const cut = rest.lastIndexOf(': ');
    out.push({ line: Number(m[1]), near: rest.slice(0, cut), message: rest.slice(cut + 2) });
  }
  return out;
}

/** The first error line xl printed, if any. */
function firstXlError(stderr: string, fileName: string): XlError | undefined {
  return xlErrors(stderr, fileName)[0];
}

/**
 * The 0-based line our first error must start on, from xl's 1-based reported line L.
 *
 * xl's lexer gives a NEWLINE token (a bare newline, or a comment together with its newline) the
 * line it ends, and its yyerror then prints `first_line - 1` whenever the current token's text
 * ends in '\n'. So:
 *   - "syntax error, unexpected NEWLINE" (printed as near <newline>, or near `#comment'): xl
 *     prints the line *before* the newline token's line. The token is on 0-based line L.
 *   - everything else: xl's line is the token's line, 0-based L-1. That includes
 *       "unexpected $end": xl names the line of the last token it read before the end of the
 *         file, and a newline is a token: for a file ending in '\n' that is the line the final
 *         newline ends (not the empty line after it); trailing spaces/tabs, and a single bad
 *         byte as the very last byte, are not tokens;
 *       lexical errors (their token may include the newline; xl compensates), bad escapes;
 *       `+=` mixing a list and a string: reported on the line where the added value ends
 *         (the `]` of a multi-line list), not on the line of `+=`.
 */
function expectedErrorLine(xl: XlError): number {
  return /^syntax error, unexpected NEWLINE\b/.test(xl.message) ? xl.line : xl.line - 1;
}

// ---------------------------------------------------------------------------------------------

/** Iterative serialization of a value tree (no recursion limit). */
function canonical(values: Record<string, XlValue>): string {
  const out: string[] = [];
  const stack: (XlValue | string)[] = [];
  for (const [k, v] of Object.entries(values)) { out.push(JSON.stringify(k), ':'); stack.push(v); drain(); out.push(';'); }
  function drain() {
    while (stack.length) {
      const v = stack.pop()!;
      if (typeof v === 'string') { out.push(v === CLOSE ? ']' : JSON.stringify(v)); continue; }
      out.push('[');
      stack.push(CLOSE);
      for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    }
  }
  return out.join('');
}
const CLOSE = '\u0000close';

function plain(v: Record<string, XlValue>): Record<string, XlValue> {
  return Object.fromEntries(Object.entries(v)); // effectiveValues() may use a null prototype
}

function describeErrors(errors: { message: string; code: string; range: { start: { line: number } } }[]): string {
  return errors.slice(0, 5).map((e) => `  line ${e.range.start.line} [${e.code}] ${e.message}`).join('\n') || '  (none)';
}

function check(inputFile: string, rec: Recording, release: string): void {
  const text = fs.readFileSync(inputFile, 'utf8');
  const name = path.basename(inputFile);
  const cfg = parseXlConfig(text);
  const errors = cfg.syntaxErrors;
  const xlSaid = rec.stderr.split('\n').filter((l) => l && !l.startsWith('xlucfg: rc=')).slice(0, 3).join('\n') || '(nothing)';

  if (rec.exit === 0) {
    assert.equal(errors.length, 0, `xl ${release} accepts ${name}, we report:\n${describeErrors(errors)}`);
    const expected = JSON.parse(rec.stdout) as Record<string, XlValue>;
    const actual = plain(cfg.effectiveValues());
    // Compared as canonical text: assert.deepEqual recurses and lists here nest ~5000 deep.
    assert.equal(canonical(actual), canonical(expected), `effective values of ${name} differ from xl ${release}'s`);
    assert.deepEqual(Object.keys(actual), Object.keys(expected), `keys of ${name} are not in xl ${release}'s (first-appearance) order`);
    return;
  }

  assert.ok(errors.length > 0, `xl ${release} rejects ${name} (exit ${rec.exit}${rec.signal ? `, ${rec.signal}` : ''}):\n${xlSaid}\nbut we report no syntax error`);
  const xl = firstXlError(rec.stderr, name);
  if (!xl) {
    // Only an abort leaves no located message (a NUL byte inside a string: xl's assertion fails).
    assert.ok(rec.signal, `xl ${release} rejected ${name} without a located message and without aborting:\n${xlSaid}`);
    return;
  }
  const want = expectedErrorLine(xl);
  // A problem that spans lines (an unclosed list, a '+=' of a multi-line list) must cover xl's line;
  // every other error must start on it.
  const first = errors[0];
  const spans = MULTI_LINE_CODES.has(first.code) && first.range.start.line <= want && want <= first.range.end.line;
  assert.equal(
    spans ? want : first.range.start.line, want,
    `first error of ${name} is on 0-based line ${errors[0].range.start.line}, xl ${release}'s is on ${want} (xl printed line ${xl.line}):\n` +
    `  xl:  ${xl.message} (near ${xl.near})\n  we:\n${describeErrors(errors)}`,
  );
  // Every later line xl names has an error of ours too. (We may say more: where xl gives up,
  // after a value followed by junk or right after a lexical error, we go on checking the lines
  // after it; but not on the cascade of an error, where bison, and so xl, is silent.)
  for (const later of xlErrors(rec.stderr, name).slice(1)) {
    const line = expectedErrorLine(later);
    const covered = errors.some((e) => (MULTI_LINE_CODES.has(e.code) ? e.range.start.line <= line && line <= e.range.end.line : e.range.start.line === line));
    assert.ok(covered, `xl ${release} also reports 0-based line ${line} of ${name} (${later.message}, near ${later.near}); we do not:\n${describeErrors(errors)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Generated inputs: one describe per kind, one test per input.

const kinds = fs.existsSync(CASES)
  ? fs.readdirSync(CASES).filter((k) => fs.statSync(path.join(CASES, k)).isDirectory()).sort()
  : [];

for (const release of ORACLE_RELEASES) {
  for (const kind of kinds) {
    const dir = path.join(CASES, kind);
    const inputs = fs.readdirSync(dir).filter((f) => f.endsWith('.cfg')).sort();
    describe(`conformance with xl ${release}: ${kind}`, () => {
      for (const f of inputs) {
        test(`xl ${release}: ${f.replace(/\.cfg$/, '')}`, () => {
          const input = path.join(dir, f);
          const recFile = recordingOf(input, release);
          assert.ok(fs.existsSync(recFile), `${kind}/${f} has no xl ${release} recording: run \`npm run conformance:record\` (needs the oracles)`);
          const rec = readRecording(recFile);
          assert.equal(rec.tool, 'xlucfg cfg');
          assert.equal(rec.xen, release, `${recFile} was not recorded with xl ${release}`);
          assert.equal(rec.sha256, sha256(fs.readFileSync(input)), `${kind}/${f} changed since it was recorded: run \`npm run conformance:record\``);
          check(input, rec, release);
        });
      }
    });
  }
}

// ---------------------------------------------------------------------------------------------
// The real configs of ../shared/corpus, read in place (never copied into the project).

const corpusRecordings: string[] = [];
(function walk(dir: string) {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.xl.json')) corpusRecordings.push(p);
  }
})(CORPUS_REC);

const corpusPresent = fs.existsSync(CORPUS);

describe('conformance: corpus (../shared/corpus, in place)', () => {
  for (const recFile of corpusRecordings) {
    const m = /^(.*)\.(\d+\.\d+)\.xl\.json$/.exec(path.relative(CORPUS_REC, recFile).split(path.sep).join('/'));
    const [rel, release] = m ? [m[1], m[2]] : [recFile, '?'];
    test(`xl ${release}: ${rel}`, { skip: corpusPresent ? false : `../shared/corpus is not here (${CORPUS})` }, () => {
      assert.ok(m, `${recFile} is not named <file>.<release>.xl.json`);
      const rec = readRecording(recFile);
      assert.equal(rec.xen, release, `${recFile} was not recorded with xl ${release}`);
      const input = path.join(CORPUS, ...rel.split('/'));
      assert.ok(fs.existsSync(input), `corpus file ${rel} was recorded but is gone: run \`npm run conformance:record\``);
      assert.equal(rec.sha256, sha256(fs.readFileSync(input)), `corpus file ${rel} changed since it was recorded: run \`npm run conformance:record\``);
      check(input, rec, release);
    });
  }
  test('every corpus file has a recording for each release', { skip: corpusPresent ? false : `../shared/corpus is not here (${CORPUS})` }, () => {
    const missing: string[] = [];
    (function walk(dir: string) {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.cfg')) {
          const rel = path.relative(CORPUS, p).split(path.sep).join('/');
          for (const release of ORACLE_RELEASES) if (!fs.existsSync(path.join(CORPUS_REC, `${rel}.${release}.xl.json`))) missing.push(`${rel} (xl ${release})`);
        }
      }
    })(CORPUS);
    assert.deepEqual(missing, [], 'corpus files without a recording: run `npm run conformance:record`');
  });
});

// ---------------------------------------------------------------------------------------------
// The suite's size rules, checked on the data on disk so they can't silently rot.

describe('conformance: suite size rules', () => {
  test('at least 400 inputs; each mutation kind has >= 20 inputs from >= 10 source configs', () => {
    let total = corpusRecordings.length / ORACLE_RELEASES.length;
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const kind of kinds) {
      const inputs = fs.readdirSync(path.join(CASES, kind)).filter((f) => f.endsWith('.cfg'));
      total += inputs.length;
      if (NOT_MUTATIONS.has(kind)) continue;
      seen.add(kind);
      const sources = new Set<string>();
      for (const f of inputs) {
        const parts = f.split('__');
        if (parts.length < 3 || parts[0] !== kind) problems.push(`${kind}/${f}: name is not <kind>__<source>__<what>.cfg`);
        else sources.add(parts[1]);
      }
      if (inputs.length < 20) problems.push(`${kind}: ${inputs.length} inputs (< 20)`);
      if (sources.size < 10) problems.push(`${kind}: ${sources.size} source configs (< 10)`);
    }
    for (const k of MUTATION_KINDS) if (!seen.has(k)) problems.push(`mutation kind ${k} is missing`);
    if (total < 400) problems.push(`${total} inputs in all (< 400)`);
    const probes = kinds.includes('probes') ? fs.readdirSync(path.join(CASES, 'probes')).filter((f) => f.endsWith('.cfg')).length : 0;
    if (probes < 80) problems.push(`${probes} oracle probes (< 80)`);
    if (corpusRecordings.length === 0) problems.push('no corpus recordings');
    assert.deepEqual(problems, []);
  });
});
