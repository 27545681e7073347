// The layer diagram's concentric view (issue #15): the hypervisor at the centre, then the
// toolstacks, the Xen Project umbrella, and the products and distributions around them; every
// ring and item explains itself (a glossary entry or one of the diagram's own definitions), every
// item sits inside its ring, none overlaps another, and the whole fits a 480 px panel unscaled.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { knowledge } from '../../server/src/service';
import { RELATION_LABELS } from '../../server/src/service/features/terms';
import { repoRoot } from '../support/paths';

interface Item { kind: string; id: string; x: number; y: number; w: number; h: number; cx: number; cy: number; r: number; inner: number; band?: number; term?: string; label?: string; lines?: { text: string }[] }
// eslint-disable-next-line @typescript-eslint/no-var-requires
const Layout = require(path.join(repoRoot, 'client', 'media', 'diagram-layout.js')) as {
  concentricScene(): { width: number; height: number; items: Item[] };
  CIRCLES: { width: number; cx: number; cy: number; radii: number[] };
  LOCAL_TERMS: Record<string, { term: string; short: string; full: string }>;
};

describe('concentric view', () => {
  const scene = Layout.concentricScene();
  const { cx, cy, radii } = Layout.CIRCLES;
  const rings = scene.items.filter((i) => i.kind === 'ring');
  const boxes = scene.items.filter((i) => i.kind === 'box');

  test('four rings, from the outside in: products, the Xen Project, the toolstacks, the hypervisor', () => {
    assert.deepEqual(rings.map((r) => r.term), ['products', 'xen-project', 'toolstack', 'xen']);
    for (let i = 1; i < rings.length; i++) assert.ok(rings[i].r < rings[i - 1].r, 'each ring lies inside the one before it (and is drawn above it)');
    assert.ok(rings.every((r) => r.cx === cx && r.cy === cy), 'concentric');
  });

  test('the items of each ring: xl/libxl and XAPI, the umbrella\'s sub-projects, the products and distributions', () => {
    const inBand = (band: number) => boxes.filter((b) => b.band === band).map((b) => b.term).sort();
    assert.deepEqual(inBand(1), ['xapi', 'xl']);
    assert.deepEqual(inBand(2), ['mini-os', 'mirageos', 'windows-pv-drivers']);
    for (const t of ['xenserver', 'xcp-ng', 'xen-orchestra', 'xencenter', 'qubes-os', 'distributions']) assert.ok(inBand(3).includes(t), t);
  });

  test('every item lies wholly inside its ring, and no two items overlap', () => {
    for (const b of boxes) {
      const corners = [[b.x, b.y], [b.x + b.w, b.y], [b.x, b.y + b.h], [b.x + b.w, b.y + b.h]].map(([x, y]) => Math.hypot(x - cx, y - cy));
      const nearest = Math.hypot(Math.max(b.x, Math.min(cx, b.x + b.w)) - cx, Math.max(b.y, Math.min(cy, b.y + b.h)) - cy);
      assert.ok(Math.max(...corners) <= radii[b.band!], `${b.id} reaches out of its ring`);
      assert.ok(nearest >= radii[b.band! - 1], `${b.id} reaches into the ring inside it`);
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        assert.ok(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y, `${a.id} overlaps ${b.id}`);
      }
    }
  });

  test('fits a 480 px panel at its own size: 480 units wide, text at 10.5 px or more', () => {
    assert.ok(scene.width <= 480);
    assert.ok(cx - radii[3] >= 0 && cx + radii[3] <= scene.width && cy - radii[3] >= 0 && cy + radii[3] <= scene.height);
    const css = fs.readFileSync(path.join(repoRoot, 'client', 'media', 'diagram.css'), 'utf8');
    assert.match(css, /#canvas svg\.view-circles \{ min-width: 0; max-width: 480px; \}/, 'not widened past the panel (the other views have a 640 px minimum)');
    for (const m of css.matchAll(/\.ring[\w-]* \{[^}]*font-size: ([\d.]+)px/g)) assert.ok(Number(m[1]) >= 10.5, m[0]);
  });

  test('every ring and item explains itself: a glossary entry, or one of the diagram\'s own definitions', () => {
    for (const i of [...rings, ...boxes]) {
      assert.ok(i.term && (knowledge.term(i.term) || Layout.LOCAL_TERMS[i.term]), `${i.id}: ${i.term}`);
    }
    // The ring labels and item names are the official spellings.
    const names = [...rings.map((r) => r.label), ...boxes.map((b) => b.lines!.map((l) => l.text).join(' '))];
    for (const n of ['XCP-ng', 'XenServer', 'Xen Orchestra', 'XenCenter', 'XAPI']) assert.ok(names.includes(n), n);
  });

  test('the page offers it as a third tab, keyboard-reachable, and exports it under its own name', () => {
    const page = fs.readFileSync(path.join(repoRoot, 'client', 'src', 'diagram', 'panel.ts'), 'utf8');
    assert.match(page, /role="tab" id="tab-circles"[^>]*tabindex="-1">Circles</);
    const js = fs.readFileSync(path.join(repoRoot, 'client', 'media', 'diagram.js'), 'utf8');
    assert.match(js, /const VIEWS = \['stack', 'ecosystem', 'circles'(, '[a-z]+')*\]/);
    assert.match(js, /xen-ecosystem-circles/);
  });

  test('the page\'s relation wording is the hover\'s (terms.ts RELATION_LABELS)', () => {
    const js = fs.readFileSync(path.join(repoRoot, 'client', 'media', 'diagram.js'), 'utf8');
    const block = /const RELATION_LABELS = \{([\s\S]*?)\};/.exec(js)![1];
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const page = Function(`return {${block}}`)() as Record<string, string>;
    assert.deepEqual(page, RELATION_LABELS);
  });
});
