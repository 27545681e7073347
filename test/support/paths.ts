// Where things are, for tests: the repository root, and ../shared (the oracle and the corpus)
// when it is there. Tests that need ../shared skip, with the reason, when it is missing.

import * as fs from 'node:fs';
import * as path from 'node:path';

function findRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json')) || !fs.existsSync(path.join(dir, 'server'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return dir;
}

export const repoRoot = findRoot(__dirname);
export const sharedDir = path.resolve(repoRoot, '..', 'shared');
export const corpusDir = path.join(sharedDir, 'corpus');
export const referenceDir = path.join(sharedDir, 'reference');
export const oracleDir = path.join(sharedDir, 'oracle');
export const hasCorpus = fs.existsSync(corpusDir);
export const hasReference = fs.existsSync(referenceDir);
export const NO_SHARED = 'needs ../shared (the corpus and reference facts); not present here';

export function corpusFiles(): string[] {
  if (!hasCorpus) return [];
  return fs.readdirSync(corpusDir).filter((f) => f.endsWith('.cfg')).map((f) => path.join(corpusDir, f));
}

export function negativeCorpusFiles(): string[] {
  const dir = path.join(corpusDir, 'not-xl-domain-configs');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).map((f) => path.join(dir, f));
}
