// The table of how xl reads each key (knowledge/data/xl-reading.yaml) drives the replay: for every
// row, a value of the wrong shape gets what the row's getter says xl does with it (a warning getter:
// an error, since the guest starts without the value; a quiet one, dont_warn = 1: a warning; a
// fatal one: an error). And the table's enum rows compare names the way they say.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LanguageService } from '../../server/src/service';
import { knowledge, XEN_RELEASES, XenRelease } from '../../server/src/service/knowledge';
import { describedKeys, readingOf, valuesIn } from '../../server/src/service/features/diagnostics/xlReading';

const BASES: Record<string, string> = {
  hvm: 'name = "t"\ntype = "hvm"\nmemory = 512\n',
  pv: 'name = "t"\ntype = "pv"\nkernel = "/k"\n',
  pvh: 'name = "t"\ntype = "pvh"\nkernel = "/k"\n',
  arm: 'name = "t"\nkernel = "/k"\ngic_version = "v3"\n',
};
const BASE_KEYS = new Set(['name', 'type', 'memory', 'kernel', 'gic_version']);

/** A release that reads the key per the table: the newest it holds for. */
function releaseFor(key: string): XenRelease | undefined {
  for (let i = XEN_RELEASES.length - 1; i >= 0; i--) if (readingOf(key, XEN_RELEASES[i])) return XEN_RELEASES[i];
  return undefined;
}

/** What is said about `key`'s line, over every guest type. */
function saidAbout(key: string, value: string, release: XenRelease): { code: string; severity: string }[][] {
  const service = new LanguageService(undefined, { xenVersion: release });
  return Object.values(BASES).map((base) => {
    const text = `${base}${key} = ${value}\n`;
    const line = text.split('\n').length - 2;
    return service.diagnostics({ uri: 'file:///t.cfg', version: 1, text }).filter((d) => d.range.start.line === line).map((d) => ({ code: d.code, severity: d.severity }));
  });
}

describe('xl-reading.yaml drives the getters', () => {
  test('the table describes the keys the replay reads, with getters libxlutil has', () => {
    const keys = describedKeys();
    assert.ok(keys.length >= 120, `${keys.length} keys`);
    for (const k of ['memory', 'hap', 'tsc_mode', 'sve', 'nr_spis', 'xenstore_feature_mask']) assert.ok(keys.includes(k), k);
  });

  for (const key of describedKeys().filter((k) => !BASE_KEYS.has(k))) {
    const release = releaseFor(key);
    const rule = release && readingOf(key, release);
    if (!release || !rule || rule.compare) continue;
    if (rule.getter === 'long' || rule.getter === 'defbool') {
      const want = rule.quiet && !rule.fatal ? 'warning' : 'error';
      test(`${key} (${rule.getter}${rule.quiet ? ', quiet' : ''}${rule.fatal ? ', fatal' : ''}, xl ${release}): a word is not-a-number, ${want}`, () => {
        const said = saidAbout(key, '"abc"', release);
        assert.ok(said.some((ds) => ds.some((d) => d.code === 'not-a-number' && d.severity === want)), JSON.stringify(said));
      });
    } else if (rule.getter === 'string') {
      const want = rule.quiet ? 'warning' : 'error';
      test(`${key} (string${rule.quiet ? ', quiet' : ''}, xl ${release}): a list is expected-single-value, ${want}`, () => {
        const said = saidAbout(key, '[ "a" ]', release);
        assert.ok(said.some((ds) => ds.some((d) => d.code === 'expected-single-value' && d.severity === want)), JSON.stringify(said));
      });
    }
  }
});

describe('xl-reading.yaml: names compared the way the table says', () => {
  for (const key of describedKeys().filter((k) => !BASE_KEYS.has(k))) {
    const release = releaseFor(key);
    const rule = release && readingOf(key, release);
    if (!release || !rule?.compare || rule.onBad !== 'refused') continue;
    const values = valuesIn(knowledge, key, release);
    const word = values.find((v) => /[a-z]/.test(v));
    if (!word) continue;
    test(`${key} (${rule.compare}, xl ${release}): "${word.toUpperCase()}" is ${rule.compare === 'case-insensitive' ? 'accepted' : 'refused'}, "${word}x" refused`, () => {
      const upper = saidAbout(key, `"${word.toUpperCase()}"`, release);
      const hasUnknown = (said: { code: string }[][]) => said.some((ds) => ds.some((d) => d.code === 'unknown-value'));
      assert.equal(hasUnknown(upper), rule.compare !== 'case-insensitive', JSON.stringify(upper));
      assert.ok(hasUnknown(saidAbout(key, `"${word}x"`, release)));
    });
  }
});
