// The CLI's table of diagnostic codes (titles and default levels, used by SARIF rules and the
// project-file schema) agrees with docs/diagnostics.md: the same codes, and the level each
// section states first (*Error.*, *Warning.* ...). A new code needs a line in
// server/src/config/diagnosticCodes.ts (and `node schemas/generate-project-schema.mjs`).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';
import { ALL_CODES, DEFAULT_LEVELS, ruleInfo } from '../../server/src/config/diagnosticCodes';

function documentedLevels(): Map<string, string> {
  const md = fs.readFileSync(path.join(repoRoot, 'docs/diagnostics.md'), 'utf8');
  const out = new Map<string, string>();
  for (const part of md.split(/^## /m).slice(1)) {
    const nl = part.indexOf('\n');
    const code = part.slice(0, nl).trim();
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(code)) continue;
    // "*Warning.*", "*Warning, shown as information.*", "*Warning, off by default*"
    const head = /^\s*\*([^*]*)\*/.exec(part.slice(nl + 1))?.[1] ?? '';
    const level = /shown as information/i.test(head) ? 'info' : (/^(error|warning|info|hint)\b/i.exec(head)?.[1].toLowerCase() ?? '');
    out.set(code, level + (/off by default/i.test(head) ? ', off' : ''));
  }
  return out;
}

describe('diagnostic code table', () => {
  const documented = documentedLevels();
  test('the same codes as docs/diagnostics.md', () => {
    const missing = [...documented.keys()].filter((c) => !ALL_CODES.includes(c));
    const undocumented = ALL_CODES.filter((c) => !documented.has(c));
    assert.deepEqual({ missing, undocumented }, { missing: [], undocumented: [] });
  });
  test('each default level as the documentation states it', () => {
    for (const code of ALL_CODES) {
      assert.ok(code in DEFAULT_LEVELS, `${code}: no default level in server/src/config/diagnosticCodes.ts`);
      const info = ruleInfo(code);
      assert.equal(`${DEFAULT_LEVELS[code]}${info.enabledByDefault ? '' : ', off'}`, documented.get(code), code);
    }
  });
  test('each code has a title of its own', () => {
    const titles = new Set<string>();
    for (const code of ALL_CODES) {
      const t = ruleInfo(code).title;
      assert.notEqual(t, code);
      assert.ok(!titles.has(t), `${code}: title '${t}' is used twice`);
      titles.add(t);
    }
  });
});
