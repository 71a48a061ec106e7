import type { HistoryRow } from './fold';
import { rowFacts, type RowFacts } from './history-select';

// Tabs and newlines separate an index line's parts: an agent's name never adds one.
const part = (text: string) => text.replace(/[\t\n]/g, ' ');

/**
 * One row of the history index: session, outcome, agent, time and search text before the row's
 * JSON, tab separated, so the index loads without parsing every row (JSON never holds a raw tab
 * or newline).
 */
export function indexLine(row: HistoryRow): string {
  const facts = rowFacts(row);
  return `${row.sessionId}\t${facts.outcome}\t${part(facts.agent)}\t${facts.at}\t${facts.hay}\t${JSON.stringify(row)}\n`;
}

/** The parts of an index line a query needs; the row itself stays on the disk until shown. */
export interface IndexMeta extends RowFacts {
  sessionId: string;
}

const PARTS = 5;

export function indexMeta(line: string): IndexMeta | undefined {
  const tabs: number[] = [];
  for (let at = -1; tabs.length < PARTS;) {
    at = line.indexOf('\t', at + 1);
    if (at < 0) return undefined;
    tabs.push(at);
  }
  const [a, b, c, d, e] = tabs as [number, number, number, number, number];
  return {
    sessionId: line.slice(0, a),
    outcome: line.slice(a + 1, b),
    agent: line.slice(b + 1, c),
    at: line.slice(c + 1, d),
    hay: line.slice(d + 1, e),
  };
}

/** The row an index line holds. */
export function indexRow(line: string): HistoryRow {
  let tab = -1;
  for (let i = 0; i < PARTS; i++) tab = line.indexOf('\t', tab + 1);
  return JSON.parse(line.slice(tab + 1)) as HistoryRow;
}
