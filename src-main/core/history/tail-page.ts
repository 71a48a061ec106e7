import type { HistoryRow } from './fold';
import { linesBackward } from '../audit/line-reader';
import { indexMeta, indexRow } from './index-line';

/**
 * History's first page straight from the index file's end, before the index is in memory: the
 * newest `limit` rows (a row replaced by a later one for the same payment skipped), and the cursor
 * for the rest. Rows are numbered from the file's start: `rows` lines end at `bytes`.
 */
export async function tailPage(file: string, bytes: number, rows: number, limit: number) {
  const entries: HistoryRow[] = [];
  const seen = new Set<string>();
  let position = rows;
  let last = rows;
  if (bytes === 0) return { entries };
  for await (const lines of linesBackward(file, bytes)) {
    for (const { line } of lines) {
      position--;
      const meta = indexMeta(line);
      if (!meta || seen.has(meta.sessionId)) continue;
      seen.add(meta.sessionId);
      if (entries.length === limit) return { entries, more: last };
      entries.push(indexRow(line));
      last = position;
    }
  }
  return { entries };
}
