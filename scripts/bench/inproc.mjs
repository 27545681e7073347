// In-process throughput, one measurement per process (so peaks do not mix):
//   node --expose-gc inproc.mjs BUNDLE parse|diagnostics FILE REPS
// Prints JSON: times of each rep (ms) for the call alone (the text is already in memory),
// heap retained by the result (the parse tree; for diagnostics, the service with its document), and the process's peak RSS (VmHWM).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [bundle, op, file, repsArg] = process.argv.slice(2);
const reps = Number(repsArg || 1);
const { LanguageService, parseXlConfig } = createRequire(import.meta.url)(path.resolve(bundle));
const text = fs.readFileSync(file, 'utf8');
const gc = globalThis.gc ?? (() => undefined);
const hwm = () => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN) / 1024;

const times = [];
let heapMb = 0, resultSize = 0;
gc();
const baseRssMb = process.memoryUsage().rss / 1048576;
const baseHeap = process.memoryUsage().heapUsed;
for (let i = 0; i < reps; i++) {
  gc();
  const t0 = performance.now();
  let result;
  if (op === 'parse') {
    result = parseXlConfig(text);
    resultSize = result.parsed.statements.length;
  } else {
    // The service keeps the parsed document (as the server does): it counts as retained.
    const service = new LanguageService();
    resultSize = service.diagnostics({ uri: 'file:///bench/big.cfg', version: 1, text }).length;
    result = service;
  }
  times.push(performance.now() - t0);
  gc();
  heapMb = Math.max(heapMb, (process.memoryUsage().heapUsed - baseHeap) / 1048576);
  result = undefined;
}
process.stdout.write(JSON.stringify({ op, bytes: Buffer.byteLength(text), times, resultSize, retainedHeapMb: heapMb, baseRssMb, peakRssMb: hwm() }) + '\n');
