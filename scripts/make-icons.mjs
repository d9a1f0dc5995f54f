/**
 * Draws the app's icons from client/public/icon.svg (hand-written): PNGs for the web app manifest
 * and Apple's home screen, and /favicon.ico for browsers that ask for it by that name. Run by hand
 * after changing the SVG (`node scripts/make-icons.mjs`); the outputs are committed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const dir = fileURLToPath(new URL('../client/public/', import.meta.url));
const svg = readFileSync(`${dir}icon.svg`);
const png = (size) => sharp(svg, { density: 72 * Math.ceil(size / 64) }).resize(size, size).png({ compressionLevel: 9 }).toBuffer();

for (const [name, size] of [['icon-192.png', 192], ['icon-512.png', 512], ['apple-touch-icon.png', 180]]) {
  writeFileSync(`${dir}${name}`, await png(size));
}

/** An ICO holding one 32×32 PNG (the PNG-in-ICO form every current browser reads). */
const small = await png(32);
const header = Buffer.alloc(6 + 16);
header.writeUInt16LE(0, 0); // reserved
header.writeUInt16LE(1, 2); // type: icon
header.writeUInt16LE(1, 4); // one image
header.writeUInt8(32, 6); // width
header.writeUInt8(32, 7); // height
header.writeUInt8(0, 8); // no palette
header.writeUInt8(0, 9); // reserved
header.writeUInt16LE(1, 10); // colour planes
header.writeUInt16LE(32, 12); // bits per pixel
header.writeUInt32LE(small.length, 14); // image size
header.writeUInt32LE(header.length, 18); // image offset
writeFileSync(`${dir}favicon.ico`, Buffer.concat([header, small]));
