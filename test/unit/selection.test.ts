// Smart selection: each step outward is a strictly larger range, from a sub-key to the spec item,
// the string, the list and the statement.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LanguageService, SelectionRange } from '../../server/src/service';
import { LineIndex } from '../../server/src/service/text';

const service = new LanguageService();
let version = 0;

/** The texts of the selection chain at the `|` marker, innermost first. */
function chain(marked: string): string[] {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const lines = new LineIndex(text);
  const [sel] = service.selectionRanges({ uri: 'file:///g.cfg', version: ++version, text }, [lines.positionAt(offset)]);
  const out: string[] = [];
  for (let s: SelectionRange | undefined = sel; s; s = s.parent) out.push(text.slice(lines.offsetAt(s.range.start), lines.offsetAt(s.range.end)));
  return out;
}

const cases: { name: string; at: string; expected: string[] }[] = [
  {
    name: 'sub-key -> key=value -> spec text -> string -> items -> list -> statement',
    at: `vif = [ "mac=00:16:3e:00:00:01, bri|dge=xenbr0", "bridge=xenbr1" ]\n`,
    expected: ['bridge', 'bridge=xenbr0', 'mac=00:16:3e:00:00:01, bridge=xenbr0', '"mac=00:16:3e:00:00:01, bridge=xenbr0"',
      '"mac=00:16:3e:00:00:01, bridge=xenbr0", "bridge=xenbr1"', '[ "mac=00:16:3e:00:00:01, bridge=xenbr0", "bridge=xenbr1" ]',
      'vif = [ "mac=00:16:3e:00:00:01, bridge=xenbr0", "bridge=xenbr1" ]'],
  },
  {
    name: 'a sub-key value selects the value first',
    at: `disk = [ "format=raw, vdev=xv|da" ]\n`,
    expected: ['xvda', 'vdev=xvda', 'format=raw, vdev=xvda', '"format=raw, vdev=xvda"', '[ "format=raw, vdev=xvda" ]', 'disk = [ "format=raw, vdev=xvda" ]'],
  },
  {
    name: 'a positional field of a disk spec',
    at: `disk = [ "phy:/dev/vg/a,xv|da,w" ]\n`,
    expected: ['xvda', 'phy:/dev/vg/a,xvda,w', '"phy:/dev/vg/a,xvda,w"', '[ "phy:/dev/vg/a,xvda,w" ]', 'disk = [ "phy:/dev/vg/a,xvda,w" ]'],
  },
  {
    name: 'a plain string: its text, the string, the statement, the line with its comment',
    at: `name = "w|eb" # the name\n`,
    expected: ['web', '"web"', 'name = "web"', 'name = "web" # the name'],
  },
  {
    name: 'a key: the key, then the statement',
    at: `mem|ory = 512\n`,
    expected: ['memory', 'memory = 512'],
  },
  {
    name: 'nested lists: each list level in turn',
    at: `vnuma = [ [ "pnode=0", "si|ze=512" ] ]\n`,
    expected: ['size', 'size=512', '"size=512"', '"pnode=0", "size=512"', '[ "pnode=0", "size=512" ]', '[ [ "pnode=0", "size=512" ] ]', 'vnuma = [ [ "pnode=0", "size=512" ] ]'],
  },
  {
    name: 'a comment selects the comment',
    at: `# a com|ment\nname = "x"\n`,
    expected: ['# a comment'],
  },
  {
    name: 'outside any statement: an empty range at the position',
    at: `name = "x"\n\n|\n`,
    expected: [''],
  },
];

describe('selection ranges', () => {
  for (const c of cases) test(c.name, () => assert.deepEqual(chain(c.at), c.expected));

  test('one answer per position, each chain strictly growing', () => {
    const text = 'disk = [ "phy:/dev/vg/a,xvda,w",\n  "format=raw, vdev=xvdb" ]\nname = "x"\n';
    const lines = new LineIndex(text);
    const positions = [];
    for (let o = 0; o <= text.length; o++) positions.push(lines.positionAt(o));
    const all = service.selectionRanges({ uri: 'file:///g.cfg', version: ++version, text }, positions);
    assert.equal(all.length, positions.length);
    for (const sel of all) {
      for (let s: SelectionRange | undefined = sel; s?.parent; s = s.parent) {
        const [a, b] = [s.range, s.parent.range].map((r) => [lines.offsetAt(r.start), lines.offsetAt(r.end)]);
        assert.ok(b[0] <= a[0] && a[1] <= b[1] && (b[0] < a[0] || a[1] < b[1]), 'parent strictly contains child');
      }
    }
  });
});
