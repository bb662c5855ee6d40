// Renders the application icons from the one source image, assets/icon.svg:
//   assets/icons/NxN.png  16 … 1024, the Linux set (electron-builder copies it into the deb/AppImage)
//   assets/icon.png       1024, the master bitmap
//   assets/icon.ico       16 … 256, Windows (NSIS installer, the .exe)
//   assets/icon.icns      16 … 1024 (@1x and @2x), macOS
// Run it after editing the SVG, and commit what it writes: `node scripts/make-icons.mjs`.
//
// Each size is rasterised from the vector by Chromium (Debian's, the one the end-to-end tests
// drive; CHROMIUM_PATH overrides), so small sizes are drawn, not shrunk. ImageMagick's own SVG
// renderer (no librsvg on these machines) draws gradients poorly, so it only packs the .ico.
// The .icns container is simple enough to write here: PNG entries under their type codes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const assets = path.join(root, 'assets');
const source = path.join(assets, 'icon.svg');

const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** ICNS type code → pixel size. `icp4`…`icp6`, `ic07`…`ic10` are @1x; `ic11`…`ic14` are @2x. */
const ICNS_ENTRIES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

/** Reads the width and height from a PNG's IHDR chunk. */
export function pngSize(bytes) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature)) throw new Error('not a PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** An ICNS file: 'icns', total length, then per entry: type, entry length (8 + data), data. */
export function buildIcns(entries) {
  const parts = entries.map(([type, data]) => {
    const header = Buffer.alloc(8);
    header.write(type, 0, 'ascii');
    header.writeUInt32BE(8 + data.length, 4);
    return Buffer.concat([header, data]);
  });
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'ascii');
  header.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([header, body]);
}

/** The entries of an ICNS file, for checking what was written. */
export function readIcns(bytes) {
  if (bytes.toString('ascii', 0, 4) !== 'icns' || bytes.readUInt32BE(4) !== bytes.length)
    throw new Error('not an ICNS file');
  const entries = [];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at + 4);
    entries.push([bytes.toString('ascii', at, at + 4), bytes.subarray(at + 8, at + length)]);
    at += length;
  }
  return entries;
}

async function renderAll(svg, sizes) {
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    const rendered = new Map();
    for (const size of sizes) {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(
        `<html><body style="margin:0;background:transparent">` +
          `<img id="icon" src="${dataUrl}" width="${size}" height="${size}" style="display:block"></body></html>`,
      );
      await page.waitForFunction(() => document.getElementById('icon')?.complete === true);
      const png = await page.screenshot({
        omitBackground: true,
        clip: { x: 0, y: 0, width: size, height: size },
      });
      const actual = pngSize(png);
      if (actual.width !== size || actual.height !== size)
        throw new Error(`rendered ${actual.width}x${actual.height} for ${size}`);
      rendered.set(size, png);
    }
    return rendered;
  } finally {
    await browser.close();
  }
}

async function main() {
  const svg = fs.readFileSync(source, 'utf8');
  const rendered = await renderAll(svg, LINUX_SIZES);
  const png = (size) => {
    const bytes = rendered.get(size);
    if (bytes === undefined) throw new Error(`no ${size} px rendering`);
    return bytes;
  };

  const linuxDir = path.join(assets, 'icons');
  fs.rmSync(linuxDir, { recursive: true, force: true });
  fs.mkdirSync(linuxDir, { recursive: true });
  for (const size of LINUX_SIZES) fs.writeFileSync(path.join(linuxDir, `${size}x${size}.png`), png(size));
  fs.writeFileSync(path.join(assets, 'icon.png'), png(1024));

  const icnsPath = path.join(assets, 'icon.icns');
  fs.writeFileSync(icnsPath, buildIcns(ICNS_ENTRIES.map(([type, size]) => [type, png(size)])));
  for (const [type, data] of readIcns(fs.readFileSync(icnsPath))) {
    const expected = ICNS_ENTRIES.find(([t]) => t === type)?.[1];
    if (pngSize(data).width !== expected) throw new Error(`icns entry ${type} has the wrong size`);
  }

  const icoPath = path.join(assets, 'icon.ico');
  const made = spawnSync(
    'convert',
    [...ICO_SIZES.map((size) => path.join(linuxDir, `${size}x${size}.png`)), icoPath],
    { encoding: 'utf8' },
  );
  if (made.status !== 0)
    throw new Error(`ImageMagick could not write the .ico: ${made.stderr || made.error}`);
  const identify = spawnSync('identify', ['-format', '%w ', icoPath], { encoding: 'utf8' });
  console.log(`icon.ico sizes: ${identify.stdout.trim()}`);
  console.log(`icon.icns entries: ${ICNS_ENTRIES.map(([type, size]) => `${type}=${size}`).join(' ')}`);
  console.log(`icons/: ${LINUX_SIZES.map((size) => `${size}x${size}`).join(' ')}`);
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
