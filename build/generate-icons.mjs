#!/usr/bin/env node
// Renders every packaging and tray icon from build/icon.svg. The output is committed, so packaging
// never needs this script; run it (`node build/generate-icons.mjs`) after changing the SVG.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';

const here = import.meta.dirname;

/** Linux icon sizes electron-builder picks up from build/icons. */
export const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512];

/** Tray states and the colour of the dot that marks each. */
export const TRAY_STATES = {
  offline: '#8a8f98',
  registered: '#2fbf71',
  'in-call': '#3a86ff',
  payment: '#ff9f1c',
};

/** Renders an SVG string to a square PNG of the given size. */
export function renderPng(svg, size) {
  return Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng());
}

/** The app icon with a state dot in its lower right corner, for the tray. */
export function trayVariant(svg, colour) {
  const dot = `<circle cx="790" cy="790" r="210" fill="${colour}" stroke="#ffffff" stroke-width="56"/>`;
  return svg.replace(/<\/svg>\s*$/, `${dot}</svg>`);
}

/** Every generated file, relative to build/, with its bytes. */
export function renderIcons(svg = readFileSync(join(here, 'icon.svg'), 'utf8')) {
  const files = new Map();
  const master = renderPng(svg, 1024);
  files.set('icon.png', master);
  files.set('icon.icns', png2icons.createICNS(master, png2icons.BICUBIC, 0));
  files.set('icon.ico', png2icons.createICO(master, png2icons.BICUBIC, 0, false, true));
  for (const size of LINUX_SIZES) files.set(`icons/${size}x${size}.png`, renderPng(svg, size));
  for (const [state, colour] of Object.entries(TRAY_STATES)) {
    files.set(`tray/tray-${state}.png`, renderPng(trayVariant(svg, colour), 32));
  }
  return files;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const [name, bytes] of renderIcons()) {
    const path = join(here, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    console.log(`${name}\t${bytes.length} bytes`);
  }
}
