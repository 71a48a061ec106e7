import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** One place where card data was found; the match itself is never kept, only where and what. */
export interface CardDataHit {
  kind: 'card-number' | 'security-code';
  /** 1-based line number in the text. */
  line: number;
  /** The matched value with all but its last 4 characters masked. */
  masked: string;
}

// A run of 12–19 digits, optionally split by single spaces or dashes, not inside a longer token
// (hex SIDs, hashes, the groups of a UUID) and not a phone number in international form.
const DIGIT_RUN = /(?<![0-9A-Za-z+_.]|[0-9A-Za-z]-)[0-9](?:[ -]?[0-9]){11,18}(?![0-9A-Za-z]|-[0-9A-Za-z])/g;
// A 3–4 digit value right after a security-code label: `SecurityCode=123`, `"cvv": "1234"`, `CVC 123`.
const SECURITY_CODE =
  /\b(?:security[\s_-]?code|card[\s_-]?verification[\s_-]?(?:value|code)|cvv2?|cvc2?|csc)\b["']?\s*(?:[:=]|is)?\s*["']?([0-9]{3,4})(?![0-9])/gi;

/** True when the digits pass the Luhn check. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// Issued card numbers start with 2–6; this keeps epoch-millisecond timestamps (which start
// with 1) from tripping the wire.
const looksIssued = (digits: string) => /^[2-6]/.test(digits);

const mask = (value: string) => `${'x'.repeat(Math.max(0, value.length - 4))}${value.slice(-4)}`;

/** Finds Luhn-valid card numbers and labelled security codes in a text. */
export function scanText(text: string): CardDataHit[] {
  const hits: CardDataHit[] = [];
  const lineAt = (index: number) => text.slice(0, index).split('\n').length;
  for (const match of text.matchAll(DIGIT_RUN)) {
    const digits = match[0].replace(/[ -]/g, '');
    if (digits.length >= 12 && digits.length <= 19 && looksIssued(digits) && luhnValid(digits)) {
      hits.push({ kind: 'card-number', line: lineAt(match.index), masked: mask(digits) });
    }
  }
  for (const match of text.matchAll(SECURITY_CODE)) {
    hits.push({ kind: 'security-code', line: lineAt(match.index), masked: 'x'.repeat(match[1]!.length) });
  }
  return hits;
}

const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** True for files whose bytes look like text (no NUL in the first 8 KiB). */
function isText(buffer: Buffer): boolean {
  return !buffer.subarray(0, 8192).includes(0);
}

/** Scans every text file under a folder; returns hits with paths relative to it. */
export async function scanTree(root: string): Promise<Array<CardDataHit & { file: string }>> {
  const found: Array<CardDataHit & { file: string }> = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && (await stat(path)).size <= MAX_FILE_BYTES) {
        const buffer = await readFile(path);
        if (!isText(buffer)) continue;
        for (const hit of scanText(buffer.toString('utf8')))
          found.push({ ...hit, file: relative(root, path) });
      }
    }
  };
  await walk(root);
  return found;
}
