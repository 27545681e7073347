// Draws scripts/icon/icon.svg into icon.png (128x128) for package.json `icon`, with no image
// library: the SVG uses only rect (with rx), circle and polygon with solid fills, which this
// rasterizer covers (4x4 supersampling for smooth edges).
// Usage: node scripts/icon/render.mjs [--out FILE]   (default: icon.png at the repository root)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const svg = fs.readFileSync(path.join(here, 'icon.svg'), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
const size = Number(/<svg[^>]*\bwidth="(\d+)"/.exec(svg)[1]);
const SS = 4;

const attrs = (tag) => Object.fromEntries([...tag.matchAll(/([a-z-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
const shapes = [...svg.matchAll(/<(rect|circle|polygon)\b([^>]*)\/>/g)].map((m) => ({ kind: m[1], ...attrs(m[2]) }));

function inside(s, x, y) {
  if (s.kind === 'rect') {
    const [x0, y0, w, h, r] = [+s.x, +s.y, +s.width, +s.height, +(s.rx ?? 0)];
    if (x < x0 || y < y0 || x > x0 + w || y > y0 + h) return false;
    const cx = Math.min(Math.max(x, x0 + r), x0 + w - r), cy = Math.min(Math.max(y, y0 + r), y0 + h - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  }
  if (s.kind === 'circle') return (x - +s.cx) ** 2 + (y - +s.cy) ** 2 <= (+s.r) ** 2;
  const pts = s.points.trim().split(/\s+/).map((p) => p.split(',').map(Number));
  let odd = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i], [xj, yj] = pts[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
  }
  return odd;
}

const hex = (c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
const rgba = Buffer.alloc(size * size * 4);
for (let py = 0; py < size; py++) for (let px = 0; px < size; px++) {
  let r = 0, g = 0, b = 0, a = 0;
  for (let sy = 0; sy < SS; sy++) for (let sx = 0; sx < SS; sx++) {
    const x = px + (sx + 0.5) / SS, y = py + (sy + 0.5) / SS;
    let colour;
    for (const s of shapes) if (inside(s, x, y)) colour = hex(s.fill);
    if (colour) { r += colour[0]; g += colour[1]; b += colour[2]; a++; }
  }
  const o = (py * size + px) * 4;
  if (a) { rgba[o] = Math.round(r / a); rgba[o + 1] = Math.round(g / a); rgba[o + 2] = Math.round(b / a); }
  rgba[o + 3] = Math.round((255 * a) / (SS * SS));
}

const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc32 = (buf) => { let c = 0xffffffff; for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
const chunk = (type, data) => {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0); header.writeUInt32BE(size, 4);
header[8] = 8; header[9] = 6; // 8-bit RGBA
const rows = Buffer.alloc(size * (size * 4 + 1));
for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0)),
]);
const outArg = process.argv.indexOf('--out');
const out = outArg === -1 ? path.join(root, 'icon.png') : path.resolve(process.argv[outArg + 1]);
fs.writeFileSync(out, png);
console.log(`${path.basename(out)}: ${size}x${size}, ${png.length} bytes`);
