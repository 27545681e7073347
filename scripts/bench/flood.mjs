// (e) floods: a generated file of distinct unknown keys, the shape that made `check` slow when
// every one of them got a did-you-mean suggestion. `xlcfg check` and `xlcfg parse` as whole
// processes, side by side with libxlutil's parse (`xlucfg parse`) of the same file.
import fs from 'node:fs';
import path from 'node:path';
import { cacheDir, round, table, wholeProcesses } from './lib.mjs';

/** 900,000 distinct unknown keys, about 54 MB (a smaller count for --quick). */
export function floodConfig(keys) {
  const file = path.join(cacheDir, `flood-${keys}.cfg`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(cacheDir, { recursive: true });
  const fd = fs.openSync(file, 'w');
  let chunk = 'name = "flood"\ntype = "pvh"\nkernel = "/boot/vmlinuz"\nmemory = 1024\n';
  let seed = 12345;
  const letter = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return String.fromCharCode(97 + (seed >>> 8) % 26); };
  for (let i = 0; i < keys; i++) {
    let word = '';
    for (let j = 0; j < 12; j++) word += letter();
    chunk += `vendor_${word}_${i} = "value of setting number ${i}"\n`;
    if (chunk.length > 1 << 20) { fs.writeSync(fd, chunk); chunk = ''; }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
  return file;
}

export async function floodBench({ log, target, reps, quick }) {
  log('\n(e) floods: distinct unknown keys');
  const keys = quick ? 90_000 : 900_000;
  const file = floodConfig(keys);
  const mb = round(fs.statSync(file).size / 1048576, 1);
  const runs = await wholeProcesses(file, reps);
  const ref = runs['xlucfg-parse'];
  log(table(['what', 'ms (median)', 'peak RSS MB', 'time ÷ xlucfg parse'],
    Object.entries(runs).map(([k, v]) => [k, round(v.ms, 0), round(v.peakMb, 0), ref ? round(v.ms / ref.ms, 2) : ''])));
  log(`  ${keys.toLocaleString('en')} distinct unknown keys, ${mb} MB; check lists 100 and counts the rest (suggestions only for the listed ones).`);
  if (ref && !quick) {
    target(`flood (${mb} MB, ${keys} unknown keys): xlcfg check no slower than xlucfg parse`, runs['xlcfg-check'].ms <= ref.ms,
      `${round(runs['xlcfg-check'].ms / 1000, 2)} s vs ${round(ref.ms / 1000, 2)} s`);
    target('flood: xlcfg parse (JSON of every key) at most 1.5x xlucfg parse', runs['xlcfg-parse'].ms <= 1.5 * ref.ms,
      `${round(runs['xlcfg-parse'].ms / 1000, 2)} s vs ${round(ref.ms / 1000, 2)} s (${round(runs['xlcfg-parse'].ms / ref.ms, 2)}x)`);
  }
  return { keys, mb, ...runs };
}
