// The contributed settings are all described and documented, and the Getting Started
// walkthrough points at media and commands that exist.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_FORMAT_OPTIONS } from '../../server/src/service/features/formatting';
import { repoRoot } from '../support/paths';

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const properties: Record<string, { default?: unknown; description?: string; markdownDescription?: string }> = pkg.contributes.configuration.properties;

describe('settings', () => {
  test('every setting has a description and is documented in docs/settings.md with its default', () => {
    const doc = fs.readFileSync(path.join(repoRoot, 'docs', 'settings.md'), 'utf8');
    for (const [key, p] of Object.entries(properties)) {
      assert.ok((p.description ?? p.markdownDescription ?? '').length > 20, `${key} has no real description`);
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${key}\` |`));
      assert.ok(row, `${key} missing from the table in docs/settings.md`);
      assert.ok(row.includes(`\`${JSON.stringify(p.default).replace(/,/g, ', ')}\``), `${key}: docs/settings.md does not give the default ${JSON.stringify(p.default)}`);
    }
  });

  test('the formatting settings match the formatter\'s options', () => {
    assert.equal(properties['xlcfg.format.quoteStyle'].default, DEFAULT_FORMAT_OPTIONS.quoteStyle);
    assert.equal(properties['xlcfg.format.maxLineLength'].default, DEFAULT_FORMAT_OPTIONS.maxLineLength);
    assert.equal(properties['xlcfg.format.bracketSpacing'].default, DEFAULT_FORMAT_OPTIONS.bracketSpacing);
  });
});

describe('Getting Started walkthrough', () => {
  const walkthrough = pkg.contributes.walkthroughs?.[0];
  test('it covers: open a sample, hover, fix an error, generate a config, see the diagram', () => {
    assert.ok(walkthrough, 'no walkthrough contributed');
    assert.deepEqual(walkthrough.steps.map((s: { id: string }) => s.id).slice(0, 5), ['openSample', 'hover', 'fixError', 'generate', 'diagram']);
  });

  test('each step has its media file, and its command links name real commands', () => {
    const contributed = new Set((pkg.contributes.commands ?? []).map((c: { command: string }) => c.command));
    for (const step of walkthrough.steps as { id: string; description: string; media: { markdown?: string; image?: string } }[]) {
      const media = step.media.markdown ?? step.media.image;
      assert.ok(media && fs.existsSync(path.join(repoRoot, media)), `${step.id}: media ${media} missing`);
      for (const m of step.description.matchAll(/\(command:([\w.]+)/g)) {
        if (m[1].startsWith('xlcfg.')) assert.ok(contributed.has(m[1]), `${step.id}: ${m[1]} is not a contributed command`);
      }
    }
    // The samples the walkthrough opens exist.
    for (const name of ['pvh-guest.cfg', 'with-mistakes.cfg']) assert.ok(fs.existsSync(path.join(repoRoot, 'samples', name)));
  });
});
