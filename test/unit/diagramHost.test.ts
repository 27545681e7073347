// The layer diagram's Host view (issue #14): every guest of the folder, each bridge and disk
// backend domain once, an edge for each use, conflicts marked, names carried as text.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { repoRoot } from '../support/paths';

interface Item { kind: string; id: string; cls?: string; term?: string; lines?: { text: string; role?: string }[]; points?: number[][] }
// eslint-disable-next-line @typescript-eslint/no-var-requires
const Layout = require(path.join(repoRoot, 'client', 'media', 'diagram-layout.js')) as { hostScene(host: unknown): { width: number; height: number; items: Item[] } };

const guest = (name: string, bridges: string[], backends: string[], findings = 0) =>
  ({ name, file: `${name}.cfg`, type: 'pvh', memory: 512, vcpus: 1, bridges, backends, findings });

describe('Host view', () => {
  const scene = Layout.hostScene({ guests: [
    guest('web', ['xenbr0'], ['Domain-0'], 1), guest('db', ['xenbr0', 'xenbr1'], ['Domain-0', 'stordom']), guest('<b>x</b>', [], []),
  ] });
  const boxes = (kind: string) => scene.items.filter((i) => i.kind === 'box' && i.id.startsWith(`host-${kind}-`));
  const text = (i: Item) => (i.lines ?? []).map((l) => l.text).join(' | ');

  test('one box per guest, its name carried as text (markup stays text)', () => {
    assert.deepEqual(boxes('guest').map((b) => b.lines![0].text), ['web', 'db', '<b>x</b>']);
    assert.ok(boxes('guest').every((b) => b.lines![0].role === 'host-guest-name' && b.term === 'domu'));
  });
  test('a shared bridge and a backend domain are drawn once, with how many guests use them', () => {
    assert.deepEqual(boxes('bridge').map(text), ['xenbr0 | 2 guests', 'xenbr1 | 1 guest']);
    assert.deepEqual(boxes('backend').map(text), ['Domain-0 | disks of 2 guests', 'stordom | disks of 1 guest']);
    assert.equal(boxes('backend')[1].term, 'driver-domain');
  });
  test('an edge for each use; a guest in conflict is marked', () => {
    assert.equal(scene.items.filter((i) => i.kind === 'edge').length, 1 + 2 + 1 + 2);
    assert.deepEqual(boxes('guest').map((b) => b.cls!.includes('conflict')), [true, false, false]);
  });
  test('a big folder: 24 guests drawn and the rest counted', () => {
    const big = Layout.hostScene({ guests: Array.from({ length: 30 }, (_, i) => guest(`g${i}`, ['xenbr0'], ['Domain-0'])) });
    assert.equal(big.items.filter((i) => i.id.startsWith('host-guest-')).length, 24);
    assert.match(JSON.stringify(big.items.find((i) => i.id === 'host-more')), /\+6 more guests/);
  });
  test('no folder data yet, or a folder without configs: an empty view that says so', () => {
    for (const s of [Layout.hostScene(undefined), Layout.hostScene({ guests: [] })]) {
      assert.equal(s.items.filter((i) => i.id.startsWith('host-guest-')).length, 0);
      assert.match(JSON.stringify(s.items), /No guest configs/);
    }
  });
});
