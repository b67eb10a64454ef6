#!/usr/bin/env node
// Draws the Teams app icons into appPackage/: color.png (192x192, opaque) and
// outline.png (32x32, white on transparent). The glyph is a "C" ring whose opening
// lets a check mark through (CPOR + validation). Run: node scripts/makeIcons.js
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Encodes 8-bit RGBA pixels (width*height*4 bytes) as a PNG, filter 0 on every row. */
function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  // compression, filter method and interlace all 0
  const raw = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) {
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function distToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

// Glyph in unit coordinates (y grows downwards).
const RING_RADIUS = 0.34;
const STROKE = 0.095;
const GAP = Math.PI / 4; // half-angle of the C's opening, centred on the right
const CHECK = [
  [0.33, 0.5],
  [0.47, 0.64],
  [0.8, 0.28],
];

function inGlyph(x, y) {
  const dx = x - 0.5;
  const dy = y - 0.5;
  const onRing = Math.abs(Math.hypot(dx, dy) - RING_RADIUS) <= STROKE / 2;
  if (onRing && Math.abs(Math.atan2(dy, dx)) > GAP) return true;
  return distToSegment(x, y, CHECK[0], CHECK[1]) <= STROKE / 2 || distToSegment(x, y, CHECK[1], CHECK[2]) <= STROKE / 2;
}

/** Fraction of the pixel covered by the glyph, from a 4x4 supersample. */
function coverage(px, py, size) {
  const n = 4;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (inGlyph((px + (i + 0.5) / n) / size, (py + (j + 0.5) / n) / size)) hits++;
    }
  }
  return hits / (n * n);
}

function draw(size, paint) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) paint(coverage(x, y, size), rgba, (y * size + x) * 4);
  }
  return encodePng(size, size, rgba);
}

const ACCENT = [0x0f, 0x6c, 0xbd]; // also the manifest's accentColor

// Opaque accent background with a white glyph, anti-aliased by blending.
const color = draw(192, (c, out, i) => {
  for (let k = 0; k < 3; k++) out[i + k] = Math.round(ACCENT[k] + (255 - ACCENT[k]) * c);
  out[i + 3] = 255;
});

// White everywhere; only alpha carries the shape (Teams requires white + transparent).
const outline = draw(32, (c, out, i) => {
  out.fill(255, i, i + 3);
  out[i + 3] = Math.round(255 * c);
});

const dir = path.resolve(__dirname, '..', 'appPackage');
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'color.png'), color);
fs.writeFileSync(path.join(dir, 'outline.png'), outline);
console.log(`wrote ${path.join(dir, 'color.png')} and outline.png`);
