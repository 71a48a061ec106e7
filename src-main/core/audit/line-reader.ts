import { open } from 'node:fs/promises';

const CHUNK = 1 << 20;
const BACK_CHUNK = 1 << 16;

/** One complete line of a log and the byte offset just past its newline. */
export interface LineAt {
  line: string;
  end: number;
}

const missing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * The complete lines of a file from byte `from`, a chunk at a time (one array per chunk, so a long
 * file costs one await per megabyte, not per line) and never held whole. A torn last line (no
 * newline) is left out, as the log's open() sets it aside.
 */
export async function* lineBatches(file: string, from = 0): AsyncGenerator<LineAt[]> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if (missing(error)) return;
    throw error;
  }
  try {
    let carry = Buffer.alloc(0);
    let position = from;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await handle.read(chunk, 0, CHUNK, position);
      if (bytesRead === 0) return;
      const bytes =
        carry.length === 0
          ? chunk.subarray(0, bytesRead)
          : Buffer.concat([carry, chunk.subarray(0, bytesRead)]);
      const base = position - carry.length;
      position += bytesRead;
      const lines: LineAt[] = [];
      let start = 0;
      for (let nl = bytes.indexOf(0x0a); nl !== -1; nl = bytes.indexOf(0x0a, start)) {
        if (nl > start) lines.push({ line: bytes.toString('utf8', start, nl), end: base + nl + 1 });
        start = nl + 1;
      }
      carry = Buffer.from(bytes.subarray(start));
      if (lines.length > 0) yield lines;
    }
  } finally {
    await handle.close();
  }
}

/** As lineBatches, one line at a time (for small reads and simple loops). */
export async function* completeLines(file: string, from = 0): AsyncGenerator<LineAt> {
  for await (const lines of lineBatches(file, from)) yield* lines;
}

/** Reads the whole complete lines of a file from byte `from` (for the small part past a checkpoint). */
export async function linesFrom(file: string, from = 0): Promise<LineAt[]> {
  const lines: LineAt[] = [];
  for await (const line of completeLines(file, from)) lines.push(line);
  return lines;
}

/** The file opened for reading, or undefined when there is none. */
async function openIfPresent(file: string) {
  try {
    return await open(file, 'r');
  } catch (error) {
    if (missing(error)) return undefined;
    throw error;
  }
}

/** The last complete line that ends at or before byte `before` (the file's end by default). */
export async function lastCompleteLine(file: string, before?: number): Promise<LineAt | undefined> {
  const handle = await openIfPresent(file);
  if (!handle) return undefined;
  try {
    let position = before ?? (await handle.stat()).size;
    let tail = Buffer.alloc(0);
    for (;;) {
      let lastNl = tail.lastIndexOf(0x0a);
      // Skip blank lines; a line counts once its newline and its start (a newline or byte 0) are seen.
      while (lastNl > 0 && tail[lastNl - 1] === 0x0a) lastNl--;
      if (lastNl !== -1) {
        const startNl = lastNl === 0 ? -1 : tail.lastIndexOf(0x0a, lastNl - 1);
        if (startNl !== -1 || position === 0) {
          if (lastNl > startNl + 1)
            return { line: tail.toString('utf8', startNl + 1, lastNl), end: position + lastNl + 1 };
        }
      }
      if (position === 0) return undefined;
      const length = Math.min(BACK_CHUNK, position);
      position -= length;
      const chunk = Buffer.allocUnsafe(length);
      await handle.read(chunk, 0, length, position);
      tail = Buffer.concat([chunk, tail]);
    }
  } finally {
    await handle.close();
  }
}

/** The file's first line, complete or not (enough to tell how the log began). */
export async function firstLine(file: string): Promise<string | undefined> {
  const handle = await openIfPresent(file);
  if (!handle) return undefined;
  try {
    const chunk = Buffer.allocUnsafe(BACK_CHUNK);
    const { bytesRead } = await handle.read(chunk, 0, BACK_CHUNK, 0);
    if (bytesRead === 0) return undefined;
    const nl = chunk.subarray(0, bytesRead).indexOf(0x0a);
    return chunk.toString('utf8', 0, nl === -1 ? bytesRead : nl);
  } finally {
    await handle.close();
  }
}

/** The complete lines before byte `before` (a line's end), newest first, a chunk at a time. */
export async function* linesBackward(file: string, before: number): AsyncGenerator<LineAt[]> {
  const handle = await open(file, 'r');
  try {
    let position = before;
    // The start of the chunk read last: the end of a line that began further back.
    let carry = Buffer.alloc(0);
    while (position > 0) {
      const length = Math.min(BACK_CHUNK * 4, position);
      position -= length;
      const chunk = Buffer.allocUnsafe(length);
      await handle.read(chunk, 0, length, position);
      const bytes = Buffer.concat([chunk, carry]); // bytes[i] is the file's byte position + i
      const lines: LineAt[] = [];
      let end = bytes.length;
      for (;;) {
        const nl = end >= 2 ? bytes.lastIndexOf(0x0a, end - 2) : -1;
        if (nl === -1 && position > 0) break;
        if (end - 1 > nl + 1)
          lines.push({ line: bytes.toString('utf8', nl + 1, end - 1), end: position + end });
        end = nl + 1;
        if (end === 0) break;
      }
      carry = Buffer.from(bytes.subarray(0, end));
      if (lines.length > 0) yield lines;
    }
  } finally {
    await handle.close();
  }
}
