// Draws the app icons (a white handset on the theme green) into public/icons/ as PNG, with no
// image library: pixels from a signed-distance sketch, encoded with node's zlib. Run with
// `npm run icons` after changing the drawing; the PNGs are committed.
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';

const GREEN = [0x0b, 0x6e, 0x4f];
const WHITE = [0xff, 0xff, 0xff];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Whether the point (x, y in 0..1, glyph space) is inside the handset. */
function inHandset(x, y) {
  // A thick arc around (0.62, 0.38) through the lower-left quarter, with a pad at each end.
  const cx = 0.62, cy = 0.38, r = 0.3, half = 0.075;
  const dx = x - cx, dy = y - cy;
  const distance = Math.hypot(dx, dy);
  const angle = Math.atan2(dy, dx); // screen coordinates: y grows downwards
  const onArc = Math.abs(distance - r) < half && angle > Math.PI / 2 - 0.05 && angle <= Math.PI + 0.05;
  const pad = (ax, ay) => Math.hypot(x - ax, y - ay) < 0.115;
  return onArc || pad(cx - r, cy) || pad(cx, cy + r);
}

/** Whether (x, y in 0..1) is inside a square with rounded corners of radius `round`. */
function inRoundedSquare(x, y, round) {
  const qx = Math.max(Math.abs(x - 0.5) - (0.5 - round), 0);
  const qy = Math.max(Math.abs(y - 0.5) - (0.5 - round), 0);
  return Math.hypot(qx, qy) <= round;
}

function draw(size, { background, glyphScale, rounded }) {
  const rgba = Buffer.alloc(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0, fg = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          const inside = !background || !rounded || inRoundedSquare(x, y, 0.2);
          if (inside && background) bg++;
          const gx = (x - 0.5) / glyphScale + 0.5;
          const gy = (y - 0.5) / glyphScale + 0.5;
          if (inside && inHandset(gx, gy)) fg++;
        }
      }
      const n = samples * samples;
      const at = (py * size + px) * 4;
      const fgShare = fg / n;
      const base = background ? GREEN : WHITE;
      for (let c = 0; c < 3; c++) rgba[at + c] = Math.round(base[c] * (1 - fgShare) + WHITE[c] * fgShare);
      rgba[at + 3] = Math.round(255 * (background ? bg / n : fgShare));
    }
  }
  return png(size, rgba);
}

const out = new URL('../public/icons/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('icon-192.png', out), draw(192, { background: true, glyphScale: 0.8, rounded: true }));
writeFileSync(new URL('icon-512.png', out), draw(512, { background: true, glyphScale: 0.8, rounded: true }));
// Maskable: full-bleed background, glyph inside the 80% safe zone (W3C manifest "maskable").
writeFileSync(new URL('maskable-512.png', out), draw(512, { background: true, glyphScale: 0.6, rounded: false }));
// Notification badge: white glyph on transparent (Android draws it as a mask).
writeFileSync(new URL('badge-96.png', out), draw(96, { background: false, glyphScale: 0.9, rounded: false }));
console.log('icons written to public/icons/');
