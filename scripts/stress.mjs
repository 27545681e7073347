// `npm run stress`: the language server (over stdio, as an editor drives it) and the CLI under abuse.
//
// Server: 10,000 rapid edits, a 5 MB paste, a 1 MB single line, 200,000 nested '[', lone
// surrogates and NUL bytes, and a client that cancels everything. After each: the server still
// answers, its diagnostics match the service's on the same text (the incremental sync did not
// drift), no feature failed (the server logs every caught failure), and at the end, with every
// document closed, the heap is back near its baseline.
// CLI: unreadable files, symlink loops, broken links and binary files get a clear message and
// exit code 2, while the other files are still checked and reported.
//
// Exits non-zero on any failure. Options: --verbose, --only=TEXT (the server stages whose name
// contains TEXT, or 'cli').
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { LspClient } from './bench/lsp-client.mjs';
import { config100 } from './bench/configs.mjs';
import { cli, round, server, serviceBundle } from './bench/lib.mjs';

const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');
const verbose = process.argv.includes('--verbose');
const onlyArg = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const failures = [];
const results = [];
const check = (ok, what, detail = '') => {
  results.push({ ok, what, detail });
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? ` (${detail})` : ''}`);
  if (!ok) failures.push(what);
};
const STAGE_TIMEOUT_MS = Number(process.env.XLCFG_STRESS_TIMEOUT_MS ?? 60_000);
/** Fails the stage instead of hanging when the server stops answering. */
function within(promise, what) {
  let timer;
  return Promise.race([promise.finally(() => clearTimeout(timer)), new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${STAGE_TIMEOUT_MS} ms`)), STAGE_TIMEOUT_MS); })]);
}
const mb = (b) => round(b / 1048576, 1);

const { LanguageService, FLEET_CODES } = require(await serviceBundle());
const reference = new LanguageService();
/** What the fleet index adds across files (host hygiene hints included): not the per-file service's. */
const fleetCodes = new Set(FLEET_CODES);
/** The service's own diagnostics for a text, to compare with what the server published. */
const expected = (text) => reference.diagnostics({ uri: 'file:///stress/reference.cfg', version: Math.random(), text }).map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`).sort();
const got = (p) => p.diagnostics.filter((d) => !fleetCodes.has(d.code)).map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`).sort();
const sameDiagnostics = (p, text) => JSON.stringify(got(p)) === JSON.stringify(expected(text));

/** Offsets <-> positions for the client's copy of a document. */
function positionAt(text, offset) {
  let line = 0, last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) { line++; last = i; }
  return { line, character: offset - last - 1 };
}

let seed = 1234;
const rnd = (n) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };

/** Every feature at a few positions; resolves with the number of requests answered. */
async function everyFeature(c, uri, text, positions) {
  const td = { textDocument: { uri } };
  const whole = { start: { line: 0, character: 0 }, end: positionAt(text, text.length) };
  const reqs = [
    ['textDocument/documentSymbol', td], ['textDocument/foldingRange', td], ['textDocument/semanticTokens/full', td],
    ['textDocument/documentLink', td], ['textDocument/formatting', { ...td, options: { tabSize: 4, insertSpaces: true } }],
    ['textDocument/rangeFormatting', { ...td, range: whole, options: { tabSize: 4, insertSpaces: true } }],
    ['textDocument/semanticTokens/range', { ...td, range: whole }],
    ['textDocument/selectionRange', { ...td, positions }],
    ['xlcfg/status', { uri }], ['xlcfg/guestModel', { uri }],
  ];
  for (const p of positions) {
    reqs.push(['textDocument/hover', { ...td, position: p }], ['textDocument/completion', { ...td, position: p }],
      ['textDocument/codeAction', { ...td, range: { start: p, end: p }, context: { diagnostics: [] } }]);
  }
  await within(Promise.all(reqs.map(([m, p]) => c.request(m, p))), 'every feature');
  return reqs.length;
}

function positionsIn(text, n = 6) {
  const out = [{ line: 0, character: 0 }, positionAt(text, text.length)];
  for (let i = 0; i < n; i++) out.push(positionAt(text, rnd(text.length + 1)));
  return out;
}

/** Failures the server caught and logged (guard): each is a bug even though the server survived. */
const caughtFailures = (c) => c.logMessages.filter((m) => /xlcfg: .* failed/.test(m));

/**
 * The server stages; each gets the running server (a fresh one after a stage that failed).
 * 10,000 rapid edits (typing, deleting, sent without waiting); a 5 MB paste; a 1 MB string on one
 * line and 1 MB of junk on one line; 200,000 nested '[' (nothing may recurse that deep); lone
 * surrogates and NUL bytes in keys, strings and comments; a client that cancels every request.
 */
const STAGES = [
  ['10,000 rapid edits', async (c) => {
  {
    const uri = 'file:///stress/edits.cfg';
    let text = config100();
    await c.open(uri, text);
    const t0 = performance.now();
    let version = 1;
    const typed = 'memory = 2048\nvif = [ "bridge=xenbr0" ]\n# é 仮 😀\n"[],=';
    for (let i = 0; i < 10_000; i++) {
      const at = rnd(text.length + 1);
      const del = rnd(10) < 3 ? Math.min(text.length - at, rnd(8)) : 0;
      const ins = rnd(10) < 8 ? typed[rnd(typed.length)] : '';
      const range = { start: positionAt(text, at), end: positionAt(text, at + del) };
      text = text.slice(0, at) + ins + text.slice(at + del);
      void c.change(uri, ++version, [{ range, text: ins }]);
    }
    const p = await within(c.waitDiagnostics(uri, version), '10,000 edits');
    const ms = performance.now() - t0;
    check(p.version === version, '10,000 rapid edits: diagnostics for the last version', `${round(ms)} ms, ${c.published} publications in all`);
    check(sameDiagnostics(p, text), '10,000 rapid edits: the server\'s text did not drift (its diagnostics equal the service\'s on the client\'s text)');
    await everyFeature(c, uri, text, positionsIn(text));
    await c.close(uri);
  }
  }],
  ['5 MB paste', async (c) => {
  {
    const uri = 'file:///stress/paste.cfg';
    let text = config100();
    await c.open(uri, text);
    await within(c.waitDiagnostics(uri, 1), 'open');
    const block = config100('pasted').replace(/^name = .*$/m, '');
    const paste = block.repeat(Math.ceil((5 * 1048576) / block.length));
    const at = text.indexOf('\n# Misc') + 1;
    const pos = positionAt(text, at);
    text = text.slice(0, at) + paste + text.slice(at);
    const t0 = performance.now();
    await c.change(uri, 2, [{ range: { start: pos, end: pos }, text: paste }]);
    const p = await within(c.waitDiagnostics(uri, 2), '5 MB paste');
    check(p.version === 2, `5 MB paste: diagnostics published`, `${round(performance.now() - t0)} ms, ${p.diagnostics.length} diagnostics`);
    check(sameDiagnostics(p, text), '5 MB paste: diagnostics equal the service\'s');
    const n = await everyFeature(c, uri, text, positionsIn(text, 3));
    check(true, `5 MB paste: ${n} requests of every kind answered`);
    await c.close(uri);
  }
  }],
  ['1 MB single lines', async (c) => {
  for (const [label, text] of [
    ['1 MB single-line string', `name = "long"\nextra = "${'console=hvc0 '.repeat(Math.ceil(1048576 / 13))}"\nmemory = 512\n`],
    ['1 MB single line of junk', Array.from({ length: 1048576 }, (_, i) => '=[,"x1 #\''[i % 9]).join('')],
  ]) {
    const uri = `file:///stress/${label.replace(/\W+/g, '-')}.cfg`;
    const t0 = performance.now();
    await c.open(uri, text);
    const p = await within(c.waitDiagnostics(uri, 1), label);
    check(sameDiagnostics(p, text), `${label}: diagnostics published and correct`, `${round(performance.now() - t0)} ms`);
    await everyFeature(c, uri, text, positionsIn(text));
    await c.close(uri);
  }
  }],
  ['200,000 nested [', async (c) => {
  for (const [label, text] of [
    ['200,000 nested [', `name = "deep"\nx = ${'['.repeat(200_000)}\nmemory = 512\n`],
    ['200,000 nested [ closed', `x = ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`],
    ['9,999 nested lists (under the stack limit)', `x = ${'['.repeat(9_999)}"a"${']'.repeat(9_999)}\n`],
  ]) {
    const uri = `file:///stress/${label.replace(/\W+/g, '-')}.cfg`;
    const t0 = performance.now();
    await c.open(uri, text);
    const p = await within(c.waitDiagnostics(uri, 1), label);
    check(sameDiagnostics(p, text), `${label}: diagnostics published and correct`, `${round(performance.now() - t0)} ms, ${p.diagnostics.length} diagnostics`);
    await everyFeature(c, uri, text, positionsIn(text));
    await c.close(uri);
  }
  }],
  ['lone surrogates and NUL bytes', async (c) => {
  {
    const uri = 'file:///stress/surrogates.cfg';
    const text = [
      'name = "a\uD800b"', 'type = "pv\u0000h"', '# \uDC00 comment \u0000', 'mem\u0000ory = 512', 'disk = [ "phy:/dev/\uDBFF,xvda,w", \'\uDFFF\' ]',
      '\uD83D = 1', 'extra = "\u0000\u0000"', 'vif = [ "mac=00:16:3e:\uD800:00:01" ]', '\u0000', 'cmdline = "😀\uD83D"', '',
    ].join('\n');
    await c.open(uri, text);
    const p = await within(c.waitDiagnostics(uri, 1), 'surrogates');
    check(sameDiagnostics(p, text), 'lone surrogates and NUL bytes: diagnostics published and correct', `${p.diagnostics.length} diagnostics`);
    const positions = [];
    text.split('\n').forEach((l, line) => { for (let ch = 0; ch <= l.length; ch++) positions.push({ line, character: ch }); });
    await everyFeature(c, uri, text, positions);
    check(true, `lone surrogates and NUL bytes: every feature at all ${positions.length} positions answered`);
    // Edits that split a surrogate pair.
    await c.change(uri, 2, [{ range: { start: { line: 9, character: 11 }, end: { line: 9, character: 12 } }, text: '' }]);
    const p2 = await within(c.waitDiagnostics(uri, 2), 'surrogate split');
    check(p2.version === 2, 'an edit that splits a surrogate pair is handled');
    await c.close(uri);
  }
  }],
  ['a client that cancels everything', async (c) => {
  {
    const uri = 'file:///stress/cancel.cfg';
    const text = config100();
    await c.open(uri, text);
    await within(c.waitDiagnostics(uri, 1), 'open');
    const methods = [
      ['textDocument/hover', (p) => ({ textDocument: { uri }, position: p })],
      ['textDocument/completion', (p) => ({ textDocument: { uri }, position: p })],
      ['textDocument/documentSymbol', () => ({ textDocument: { uri } })],
      ['textDocument/semanticTokens/full', () => ({ textDocument: { uri } })],
      ['textDocument/formatting', () => ({ textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } })],
      ['textDocument/codeAction', (p) => ({ textDocument: { uri }, range: { start: p, end: p }, context: { diagnostics: [] } })],
      ['textDocument/foldingRange', () => ({ textDocument: { uri } })],
      ['textDocument/selectionRange', (p) => ({ textDocument: { uri }, positions: [p] })],
      ['textDocument/documentLink', () => ({ textDocument: { uri } })],
    ];
    let cancelled = 0, answered = 0, errors = 0;
    const pending = [];
    for (let i = 0; i < 3000; i++) {
      const [m, params] = methods[i % methods.length];
      const src = new rpc.CancellationTokenSource();
      const req = c.request(m, params(positionAt(text, rnd(text.length))), src.token)
        .then(() => { answered++; }, (e) => { if (e?.code === -32800) cancelled++; else errors++; });
      if (i % 2) src.cancel(); else queueMicrotask(() => src.cancel());
      pending.push(req);
      // Edits arrive between the cancelled requests, as when typing fast.
      if (i % 100 === 0) void c.change(uri, 2 + i / 100, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: '' }]);
    }
    await within(Promise.all(pending), 'cancelled requests');
    check(errors === 0, 'a client that cancels everything: every request ends (answered or cancelled), none fails', `${cancelled} cancelled, ${answered} answered anyway`);
    const h = await within(c.request('textDocument/hover', { textDocument: { uri }, position: { line: 13, character: 2 } }), 'hover after cancels');
    check(!!h, 'after the cancellations the server answers normally');
    // Requests cancelled while they wait behind slow work are not computed: they come back
    // empty at once (the handlers check their token), while the same request not cancelled
    // gets its answer.
    const bigUri = 'file:///stress/cancel-big.cfg';
    const big = config100('big').repeat(20_000 / 100);
    await c.open(bigUri, big);
    await within(c.waitDiagnostics(bigUri, 1), 'big open');
    const blank = { line: text.split('\n').indexOf(''), character: 0 };
    const slow = c.request('textDocument/formatting', { textDocument: { uri: bigUri }, options: { tabSize: 4, insertSpaces: true } });
    // A completion answer is an array of items, or a list with defaults (the client announces itemDefaults).
    const itemCount = (r) => (Array.isArray(r) ? r.length : Array.isArray(r?.items) ? r.items.length : -1);
    const queued = [];
    for (let i = 0; i < 200; i++) {
      const src = new rpc.CancellationTokenSource();
      queued.push(c.request('textDocument/completion', { textDocument: { uri }, position: blank }, src.token).then(itemCount, () => 0));
      src.cancel();
    }
    const control = c.request('textDocument/completion', { textDocument: { uri }, position: blank });
    const counts = await within(Promise.all(queued), 'queued cancelled requests');
    await within(slow, 'slow formatting');
    const controlItems = itemCount(await within(control, 'control completion'));
    const skipped = counts.filter((n) => n === 0).length;
    check(controlItems > 0 && skipped >= counts.length * 0.9, 'requests cancelled while queued are not computed', `${skipped}/${counts.length} came back empty; the same request not cancelled: ${controlItems} items`);
    await c.close(bigUri);
    await c.close(uri);
  }
  }],
];

function startServer() {
  return new LspClient({ command: process.execPath, args: ['--expose-gc', server, '--stdio'], stderr: verbose ? (s) => process.stderr.write(s) : undefined });
}

async function serverStress() {
  console.log('language server over stdio');
  let c = startServer();
  await c.initialize();
  const stats = (gc = true) => within(c.request('xlcfg/debug/stats', { gc }), 'stats');
  const warm = 'file:///stress/warm.cfg';
  await c.open(warm, config100());
  await within(c.waitDiagnostics(warm, 1), 'first diagnostics');
  await everyFeature(c, warm, config100(), positionsIn(config100()));
  await c.close(warm);
  let base = await stats();
  console.log(`  baseline: heap ${mb(base.memory.heapUsed)} MB, RSS ${mb(base.memory.rss)} MB${base.gcRan ? '' : ' (no GC available)'}`);
  let restarts = 0;
  const caught = [];
  for (const [name, stage] of STAGES) {
    if (onlyArg && !name.includes(onlyArg)) continue;
    try {
      await stage(c);
    } catch (e) {
      check(false, `${name}: the server answers`, e instanceof Error ? e.message : String(e));
      // A stuck server would fail every later stage too: start a fresh one and go on.
      caught.push(...caughtFailures(c));
      c.proc.kill('SIGKILL');
      await c.exited;
      c.conn.dispose();
      c = startServer();
      await c.initialize();
      base = await stats();
      restarts++;
    }
  }

  // Memory: everything closed, the heap returns near its baseline.
  const after = await stats();
  const limit = base.memory.heapUsed + Math.max(16 * 1048576, base.memory.heapUsed * 0.5);
  check(after.memory.heapUsed <= limit, 'heap back near its baseline with every document closed',
    `${mb(after.memory.heapUsed)} MB vs baseline ${mb(base.memory.heapUsed)} MB (limit ${mb(limit)} MB); RSS ${mb(after.memory.rss)} MB; ${after.documents} documents open${restarts ? `; server restarted ${restarts} time(s) after failed stages, measured on the last one` : ''}`);
  caught.push(...caughtFailures(c));
  check(caught.length === 0, 'no feature failed along the way (the server logs every caught failure)', caught.slice(0, 3).join(' | ').slice(0, 600));
  const exit = await c.stop();
  check(exit.code === 0, 'the server shuts down cleanly', `exit ${exit.code}${exit.signal ? ` signal ${exit.signal}` : ''}`);
}

function cliStress() {
  console.log('CLI: unreadable, looping, broken and binary paths');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlcfg-stress-'));
  try {
    const w = (name, data) => fs.writeFileSync(path.join(dir, name), data);
    w('good.cfg', 'name = "good"\ntype = "pvh"\nmemory = 512\n');
    w('bad.cfg', 'name = "bad"\ntype = pvh\n');
    w('binary.cfg', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131) % 256)));
    w('binary.xl', Buffer.concat([Buffer.from('name = "x"\n'), Buffer.alloc(64), Buffer.from([0xff, 0xfe, 0xfd])]));
    w('noperm.cfg', 'name = "noperm"\n');
    fs.chmodSync(path.join(dir, 'noperm.cfg'), 0);
    fs.symlinkSync('loop-b.cfg', path.join(dir, 'loop-a.cfg'));
    fs.symlinkSync('loop-a.cfg', path.join(dir, 'loop-b.cfg'));
    fs.symlinkSync('missing-target.cfg', path.join(dir, 'dangling.cfg'));
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.symlinkSync('..', path.join(dir, 'sub', 'up'));                       // a folder cycle
    fs.writeFileSync(path.join(dir, 'sub', 'nested.xl'), 'memory = 256\n');
    // Reading /proc/self/mem fails with EIO even for root (chmod 000 does not stop root).
    const ioError = fs.existsSync('/proc/self/mem');
    if (ioError) fs.symlinkSync('/proc/self/mem', path.join(dir, 'eio.cfg'));
    const asRoot = process.getuid?.() === 0;

    const run = (args) => {
      const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
      return { code: r.status, out: r.stdout, err: r.stderr, signal: r.signal };
    };
    const folder = run(['check', dir]);
    check(folder.code === 2, 'check FOLDER with bad paths: exit 2', `exit ${folder.code}${folder.signal ? ` ${folder.signal}` : ''}`);
    check(/loop-a\.cfg: symbolic link loop/.test(folder.err) && /loop-b\.cfg: symbolic link loop/.test(folder.err), 'check FOLDER: symlink loops named');
    check(/binary\.xl: binary file/.test(folder.err), 'check FOLDER: a binary file claimed by name is named as binary');
    check(/dangling\.cfg: broken symbolic link/.test(folder.err), 'check FOLDER: a broken symbolic link is named');
    if (ioError) check(/eio\.cfg: input\/output error/.test(folder.err), 'check FOLDER: a file that fails to read (EIO) is named');
    if (!asRoot) check(/noperm\.cfg: permission denied/.test(folder.err), 'check FOLDER: a file without read permission is named');
    check(/bad\.cfg:2:8: error: .*\[bare-word\]/.test(folder.out), 'check FOLDER: the readable files are still checked and reported', folder.out.trim().split('\n')[0]);
    check(/sub\/nested\.xl/.test(folder.err + folder.out) || /file\(s\) checked/.test(folder.err), 'check FOLDER: a folder cycle is walked once');
    const checkedCount = Number(/(\d+) file\(s\) checked/.exec(folder.err)?.[1] ?? -1);
    check(checkedCount >= 3, 'check FOLDER: the summary counts the files checked', `${checkedCount} file(s) checked`);

    const files = run(['check', path.join(dir, 'good.cfg'), path.join(dir, 'binary.cfg'), path.join(dir, 'loop-a.cfg'), path.join(dir, 'nope.cfg'), path.join(dir, 'bad.cfg'), ...(ioError ? [path.join(dir, 'eio.cfg')] : [])]);
    check(files.code === 2, 'check FILES with bad paths: exit 2', `exit ${files.code}`);
    check(/binary\.cfg: binary file/.test(files.err) && /loop-a\.cfg: symbolic link loop/.test(files.err) && /nope\.cfg: no such file/.test(files.err), 'check FILES: each bad path has its reason');
    check(/bad\.cfg:2:8/.test(files.out) && /2 file\(s\) checked/.test(files.err), 'check FILES: the good and the bad config are still checked');
    const json = run(['check', '--format', 'json', dir]);
    let parsed;
    try { parsed = JSON.parse(json.out); } catch { parsed = undefined; }
    check(json.code === 2 && Array.isArray(parsed) && parsed.some((r) => /bad\.cfg$/.test(r.file)), 'check --format json: valid JSON for the rest, exit 2');
    const parse = run(['parse', path.join(dir, 'binary.cfg')]);
    check(parse.code === 2 && /binary file/.test(parse.err), 'parse BINARY: exit 2 with a message');
    const parseLoop = run(['parse', path.join(dir, 'loop-a.cfg')]);
    check(parseLoop.code === 2 && /symbolic link loop/.test(parseLoop.err), 'parse LOOP: exit 2 with a message');
    const fmt = run(['fmt', '--check', dir]);
    check(fmt.code === 2 && /loop-a\.cfg: symbolic link loop/.test(fmt.err) && /file\(s\) need formatting|formatted/.test(fmt.err), 'fmt --check FOLDER: exit 2, bad paths named, the rest checked');
    for (const r of [folder, files, json, parse, fmt]) {
      if (/internal error|at .*\.js:\d+/.test(r.err)) check(false, 'no internal error or stack trace on stderr', r.err.slice(0, 300));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const t0 = performance.now();
try {
  await serverStress();
} catch (e) {
  check(false, 'the server stress run completed', e instanceof Error ? e.message : String(e));
}
if (!onlyArg || onlyArg === 'cli') cliStress();
console.log(`\nstress: ${results.length - failures.length}/${results.length} checks passed in ${round((performance.now() - t0) / 1000, 1)} s${failures.length ? `; FAILED: ${failures.join('; ')}` : ''}`);
process.exit(failures.length ? 1 : 0);
