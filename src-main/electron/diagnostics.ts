import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { scanText } from '../core/diagnostics/card-scan';
import { logFileNames } from './log-file';

/** What goes into a diagnostics bundle before it is checked. */
export interface DiagnosticsParts {
  app: Record<string, string>;
  settings: unknown;
  logs: { name: string; text: string }[];
}

/** Keys whose values never leave the machine, wherever they appear. */
const SECRET_KEY = /token|secret|password|credential|private|authorization|cookie/i;

/** A copy of a JSON value with every secret-looking field replaced. */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, SECRET_KEY.test(key) ? '[removed]' : withoutSecrets(v)]),
  );
}

export const REMOVED_LINE = '[line removed: it looked like card data]';

/**
 * The bundle as text: app facts, settings without secrets, then each log. Every line the
 * card-data scanner flags is replaced before anything is returned, and the result is scanned again.
 */
export function diagnosticsBundle(parts: DiagnosticsParts, createdAt: Date) {
  const sections = [
    `# Callpay diagnostics, ${createdAt.toISOString()}`,
    '## App',
    ...Object.entries(parts.app).map(([key, value]) => `${key}: ${value}`),
    '## Settings (secrets removed; secrets themselves are never included)',
    JSON.stringify(withoutSecrets(parts.settings), null, 2),
    ...parts.logs.flatMap((log) => [`## ${log.name}`, log.text.trimEnd()]),
  ];
  const lines = sections.join('\n').split('\n');
  const flagged = new Set(scanText(lines.join('\n')).map((hit) => hit.line - 1));
  const text = `${lines.map((line, i) => (flagged.has(i) ? REMOVED_LINE : line)).join('\n')}\n`;
  if (scanText(text).length > 0) throw new Error('The diagnostics still looked like they held card data.');
  return { text, removedLines: flagged.size };
}

/** Reads the logs (oldest first) and the settings file for a bundle; missing files are noted. */
export async function collectDiagnostics(
  logDir: string,
  settingsFile: string,
  app: Record<string, string>,
): Promise<DiagnosticsParts> {
  const read = (path: string) => readFile(path, 'utf8').catch(() => undefined);
  const logs: DiagnosticsParts['logs'] = [];
  for (const name of logFileNames().reverse()) {
    const text = await read(join(logDir, name));
    if (text !== undefined) logs.push({ name, text });
  }
  const settingsText = await read(settingsFile);
  let settings: unknown =
    settingsText === undefined ? 'no settings file' : 'the settings file is not valid JSON';
  try {
    if (settingsText !== undefined) settings = JSON.parse(settingsText);
  } catch {
    // Kept as the note above: a broken settings file is itself worth reporting.
  }
  return { app, settings, logs };
}
