// CI-sized property-based fuzzing of the language service (a few seconds). Long runs:
// `npm run fuzz -- --runs N`. The properties and invariants live in test/support/fuzzing.ts.
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeProperties, seedFiles } from '../support/fuzzing';
import { corpusDir, hasCorpus, oracleDir, repoRoot } from '../support/paths';

const xlucfg = path.join(oracleDir, 'xlucfg');
const props = makeProperties({
  seeds: seedFiles(repoRoot, hasCorpus ? corpusDir : undefined),
  xlucfg: fs.existsSync(xlucfg) ? xlucfg : undefined,
  oracleEvery: 5,
});
// A fixed seed keeps CI reproducible; XLCFG_FUZZ_SEED explores others.
const seed = Number(process.env.XLCFG_FUZZ_SEED ?? 20240806);

describe('fuzzing (CI-sized; npm run fuzz for long runs)', () => {
  after(() => fs.rmSync(props.tmpDir, { recursive: true, force: true }));

  test('grammar-aware generated configs: every feature, every invariant', () => {
    fc.assert(props.generated, { numRuns: 250, seed });
  });

  test('byte-level mutations of real configs', () => {
    fc.assert(props.mutated, { numRuns: 150, seed });
  });

  test('random edits to an open document, one parse per version', () => {
    fc.assert(props.edits, { numRuns: 40, seed });
  });
});
