// Writes the softphone's sounds as small WAV files, so the Voice SDK never fetches its own from a CDN.
// Run: node src-renderer/src/lib/phone/sounds/generate-sounds.mjs
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const RATE = 8000;
const DTMF = {
  1: [697, 1209],
  2: [697, 1336],
  3: [697, 1477],
  4: [770, 1209],
  5: [770, 1336],
  6: [770, 1477],
  7: [852, 1209],
  8: [852, 1336],
  9: [852, 1477],
  s: [941, 1209],
  0: [941, 1336],
  h: [941, 1477],
};

/** Sums sines for `ms`, then silence for `gapMs`, repeated; 16-bit mono PCM. */
function samples(freqs, ms, gapMs = 0, repeat = 1, volume = 0.25) {
  const on = Math.round((RATE * ms) / 1000);
  const off = Math.round((RATE * gapMs) / 1000);
  const out = new Int16Array((on + off) * repeat);
  for (let r = 0; r < repeat; r++)
    for (let i = 0; i < on; i++) {
      const fade = Math.min(1, i / 80, (on - i) / 80);
      const v = freqs.reduce((sum, f) => sum + Math.sin((2 * Math.PI * f * i) / RATE), 0) / freqs.length;
      out[r * (on + off) + i] = Math.round(v * volume * fade * 32767);
    }
  return out;
}

function wav(pcm) {
  const data = Buffer.from(pcm.buffer);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

const here = import.meta.dirname;
const write = (name, pcm) => writeFileSync(join(here, `${name}.wav`), wav(pcm));
write('incoming', samples([440, 480], 1000, 1000, 2));
write('outgoing', samples([440, 480], 400, 200, 1));
write('disconnect', samples([480, 620], 250, 150, 2));
for (const [key, freqs] of Object.entries(DTMF)) write(`dtmf${key}`, samples(freqs, 300));
