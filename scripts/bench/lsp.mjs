// Language server latency over stdio, as an editor sees it, side by side with yaml-language-server
// (the peer) on a 100-line YAML document with a JSON schema of 100 described keys. Requests to
// the two servers are interleaved, so both see the same machine load.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { LspClient } from './lsp-client.mjs';
import { config100, configLines, realSizedConfigs, yamlPeer } from './configs.mjs';
import { cacheDir, median, percentile, root, round, server, serviceBundle } from './lib.mjs';

const require = createRequire(import.meta.url);
const stats = (ms) => ({ n: ms.length, p50: round(median(ms)), p99: round(percentile(ms, 99)), max: round(Math.max(...ms)) });

/** Our server over stdio; debounce 0 when asked (the latency measured is then the work itself). */
export function startOurs({ debounceMs, expose = true } = {}) {
  return new LspClient({
    command: process.execPath, args: [...(expose ? ['--expose-gc'] : []), server, '--stdio'],
    initializationOptions: debounceMs === undefined ? undefined : { debounceMs },
  });
}

function startPeer(schemaUri) {
  const yamlSettings = { schemas: { [schemaUri]: ['*.yaml'] }, hover: true, completion: true, validate: true, format: { enable: false }, schemaStore: { enable: false } };
  const bin = path.join(path.dirname(require.resolve('yaml-language-server/package.json')), 'bin', 'yaml-language-server');
  const c = new LspClient({
    command: process.execPath, args: [bin, '--stdio'],
    configuration: (section) => (section === 'yaml' ? yamlSettings : section === 'http' ? { proxyStrictSSL: false } : section === '[yaml]' ? {} : section === 'editor' ? { tabSize: 2, detectIndentation: true } : null),
  });
  c.yamlSettings = yamlSettings;
  return c;
}

/** Positions of the keys on each line (the first character of each `key`) of a text. */
function keyPositions(text) {
  const out = [];
  text.split('\n').forEach((l, line) => { const m = /^([a-z][a-z0-9_.]*)\s*[:=]/.exec(l); if (m) out.push({ line, character: 1 }); });
  return out;
}

/** Where our completion is asked: the empty last line (keys), and after `=` of enum keys (values). */
function ourCompletionPositions(text) {
  const lines = text.split('\n');
  const out = [];
  lines.forEach((l, line) => {
    const m = /^(type|on_poweroff|on_reboot|on_crash|firmware|tsc_mode|device_model_version|vga)\s*=\s*/.exec(l);
    if (m) out.push({ line, character: m[0].length });
    if (l === '') out.push({ line, character: 0 });
  });
  return out;
}

async function sample(n, fn) {
  const ms = [];
  for (let i = 0; i < n; i++) ms.push(await fn(i));
  return ms;
}

/**
 * The same work in-process, without the transport and the scheduling of two processes: what
 * computing costs (the machine is shared, so the stdio p99s carry other people's load too).
 */
async function computeOnly({ small, big, iterations, editIterations }) {
  const { LanguageService } = require(await serviceBundle());
  const s = new LanguageService();
  const out = {};
  for (const [label, text] of [['100', small], ['10k', big]]) {
    const uri = `file:///bench/${label}.cfg`;
    const input = { uri, version: 1, text };
    s.diagnostics(input);
    const keys = keyPositions(text), comps = ourCompletionPositions(text);
    const h = [], c = [];
    for (let i = 0; i < iterations + 50; i++) {
      let t0 = performance.now(); s.hover(input, keys[(i * 97) % keys.length]); const th = performance.now() - t0;
      t0 = performance.now(); s.completion(input, comps[(i * 31) % comps.length]); const tc = performance.now() - t0;
      if (i >= 50) { h.push(th); c.push(tc); }
    }
    const lines = text.split('\n');
    const memLines = lines.flatMap((l, i) => (/^memory = \d+$/.test(l) ? [i] : []));
    const d = [];
    for (let i = 0; i < editIterations + 10; i++) {
      lines[memLines[(i * 7) % memLines.length]] = `memory = ${512 + (i % 64) * 16}`;
      const t0 = performance.now();
      s.diagnostics({ uri, version: 2 + i, text: lines.join('\n') });
      if (i >= 10) d.push(performance.now() - t0);
    }
    out[label] = { hover: stats(h), completion: stats(c), diagnosticsAfterEdit: stats(d) };
  }
  return out;
}

export async function runLspBench({ iterations = 500, editIterations = 200, warmup = 300, log = console.log } = {}) {
  const out = {};
  const peerDir = path.join(cacheDir, 'peer');
  const peer = yamlPeer(peerDir);
  // A path without dot folders: the peer's glob matching (picomatch) skips them (.cache).
  const peerUri = 'file:///bench/peer/doc.yaml';
  const small = config100();
  const big = configLines(10_000);
  const smallUri = 'file:///bench/small.cfg', bigUri = 'file:///bench/big.cfg';

  // --- hover and completion, ours and the peer's, interleaved -------------------------------------
  const ours = startOurs({ debounceMs: 0 });
  const yaml = startPeer(pathToFileURL(peer.schemaFile).href);
  try {
    await ours.initialize();
    await yaml.initialize();
    await yaml.conn.sendNotification('workspace/didChangeConfiguration', { settings: { yaml: yaml.yamlSettings } });
    await ours.open(smallUri, small);
    await ours.open(bigUri, big);
    await yaml.open(peerUri, peer.text, 'yaml');
    await Promise.all([ours.waitDiagnostics(smallUri, 1), ours.waitDiagnostics(bigUri, 1), yaml.waitDiagnostics(peerUri)]);

    // The peer answers from its schema once loaded: check that it does, so it is measured doing its job.
    const probe = await yaml.request('textDocument/hover', { textDocument: { uri: peerUri }, position: { line: 0, character: 1 } });
    const peerHoverText = JSON.stringify(probe?.contents ?? '');
    if (!/what this setting does/.test(peerHoverText)) throw new Error(`yaml-language-server did not load the schema (hover: ${peerHoverText.slice(0, 200)})`);
    const probeC = await yaml.request('textDocument/completion', { textDocument: { uri: peerUri }, position: { line: 0, character: 8 } });
    const peerItems = (Array.isArray(probeC) ? probeC : probeC?.items ?? []).length;

    const sKeys = keyPositions(small), bKeys = keyPositions(big), yKeys = keyPositions(peer.text);
    const sComp = ourCompletionPositions(small), bComp = ourCompletionPositions(big);
    const yLines = peer.text.split('\n');
    // Peer completion: the value of an enum key (after ': ') and a new key on the empty last line.
    const yComp = yLines.flatMap((l, line) => (/^key\d+[048]\d?: /.test(l) && line % 4 === 0 ? [{ line, character: l.indexOf(':') + 2 }] : l === '' ? [{ line, character: 0 }] : []));
    const hov = (c, uri, pos) => c.timed('textDocument/hover', { textDocument: { uri }, position: pos });
    const comp = (c, uri, pos) => c.timed('textDocument/completion', { textDocument: { uri }, position: pos });

    // Warm-up until both servers run optimised code: V8 compiles hot functions in tiers over the
    // first few hundred calls, and on two cores those compiles compete with the measured requests.
    const warm = Math.min(warmup, iterations);
    for (let i = 0; i < warm; i++) {
      await hov(ours, smallUri, sKeys[i % sKeys.length]); await hov(yaml, peerUri, yKeys[i % yKeys.length]);
      await comp(ours, smallUri, sComp[i % sComp.length]); await comp(yaml, peerUri, yComp[i % yComp.length]);
      await hov(ours, bigUri, bKeys[i % bKeys.length]); await comp(ours, bigUri, bComp[i % bComp.length]);
    }
    const t = { oursHover100: [], peerHover: [], oursComp100: [], peerComp: [], oursHover10k: [], oursComp10k: [] };
    let emptyHover = 0, ourItems = 0;
    for (let i = 0; i < iterations; i++) {
      const a = await hov(ours, smallUri, sKeys[i % sKeys.length]); t.oursHover100.push(a.ms); if (!a.result) emptyHover++;
      t.peerHover.push((await hov(yaml, peerUri, yKeys[i % yKeys.length])).ms);
      const c = await comp(ours, smallUri, sComp[i % sComp.length]); t.oursComp100.push(c.ms); ourItems = Math.max(ourItems, c.result.length);
      t.peerComp.push((await comp(yaml, peerUri, yComp[i % yComp.length])).ms);
      t.oursHover10k.push((await hov(ours, bigUri, bKeys[(i * 97) % bKeys.length])).ms);
      t.oursComp10k.push((await comp(ours, bigUri, bComp[(i * 31) % bComp.length])).ms);
    }
    out.hover = { ours100: stats(t.oursHover100), ours10k: stats(t.oursHover10k), peer: stats(t.peerHover), oursEmpty: emptyHover };
    out.completion = { ours100: stats(t.oursComp100), ours10k: stats(t.oursComp10k), peer: stats(t.peerComp), oursMaxItems: ourItems, peerItems };
    log(`  hover/completion: ${iterations} rounds each after ${warm} to warm up, interleaved with the peer`);

    // --- diagnostics after an edit (debounce 0: from the end of the debounce) --------------------------
    for (const [label, uri, text] of [['100', smallUri, small], ['10k', bigUri, big]]) {
      const lines = text.split('\n');
      const memLines = lines.flatMap((l, i) => (/^memory = \d+$/.test(l) ? [i] : []));
      let version = 1;
      const ms = await sample(editIterations + 10, async (i) => {
        const line = memLines[(i * 7) % memLines.length];
        const value = String(512 + (i % 64) * 16);
        const old = lines[line];
        lines[line] = `memory = ${value}`;
        version++;
        const t0 = performance.now();
        const got = ours.waitDiagnostics(uri, version);
        await ours.change(uri, version, [{ range: { start: { line, character: 0 }, end: { line, character: old.length } }, text: lines[line] }]);
        const d = await got;
        if (d.version !== version) throw new Error(`diagnostics for version ${d.version}, expected ${version}`);
        return performance.now() - t0;
      });
      const st = stats(ms.slice(10));
      out[`diagnosticsAfterEdit${label}`] = { ...st, diagnostics: ours.diagnostics.get(uri).diagnostics.length };
    }
    log('  diagnostics after edit: measured');
    const s = await ours.request('xlcfg/debug/stats', { gc: true });
    out.parseCountCheck = { parses: s.parseCount, versions: 2 + 2 * (editIterations + 10) };
  } finally {
    await ours.stop();
    await yaml.stop();
  }

  out.computeOnly = await computeOnly({ small, big, iterations, editIterations });
  log('  the same work in-process (compute only): measured');

  // --- start to first diagnostics ---------------------------------------------------------------
  const starts = [];
  for (let i = 0; i < 7; i++) {
    const c = startOurs({ expose: false });
    const got = c.waitDiagnostics(smallUri, 1);
    await c.initialize();
    await c.open(smallUri, small);
    const d = await got;
    starts.push(d.at - c.startedAt);
    await c.stop();
  }
  out.startToFirstDiagnostics = { runs: starts.length, p50: round(median(starts)), min: round(Math.min(...starts)), max: round(Math.max(...starts)) };
  log('  start to first diagnostics: measured');

  // --- memory with 100 documents open --------------------------------------------------------------
  {
    const { files } = realSizedConfigs(path.join(cacheDir, 'check1000'), 1000);
    const c = startOurs();
    await c.initialize();
    const base = await c.request('xlcfg/debug/stats', { gc: true });
    const opened = [];
    for (let i = 0; i < 100; i++) {
      const uri = pathToFileURL(files[i]).href;
      opened.push(c.waitDiagnostics(uri, 1));
      await c.open(uri, fs.readFileSync(files[i], 'utf8'));
    }
    await Promise.all(opened);
    const after = await c.request('xlcfg/debug/stats', { gc: true });
    await c.stop();
    const mb = (b) => round(b / 1048576, 1);
    out.memory100Docs = {
      documents: after.documents, gcRan: after.gcRan,
      rssMb: mb(after.memory.rss), heapUsedMb: mb(after.memory.heapUsed),
      baselineRssMb: mb(base.memory.rss), baselineHeapUsedMb: mb(base.memory.heapUsed),
      heapPerDocKb: round((after.memory.heapUsed - base.memory.heapUsed) / 1024 / 100, 1),
    };
    log('  memory with 100 documents: measured');
  }
  return out;
}

export { root };
