import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, dialog } from 'electron';
import type { DesktopState } from '../desktop-state';
import { collectDiagnostics, diagnosticsBundle } from '../diagnostics';
import { warn } from './warn';

/** "Export diagnostics…": logs and settings, secrets removed, card-data lines removed, saved where the user says. */
export async function exportDiagnostics(desktop: DesktopState) {
  const stamp = new Date().toISOString().slice(0, 10);
  const choice = await dialog.showSaveDialog({
    title: 'Export diagnostics',
    defaultPath: join(app.getPath('documents'), `callpay-diagnostics-${stamp}.txt`),
    filters: [{ name: 'Text', extensions: ['txt'] }],
  });
  if (choice.canceled || !choice.filePath) return;
  const facts = {
    version: app.getVersion(),
    electron: process.versions.electron ?? 'unknown',
    os: `${process.platform} ${process.getSystemVersion?.() ?? ''} ${process.arch}`.trim(),
    secrets: desktop.secrets?.protection.level ?? 'unknown',
  };
  const parts = await collectDiagnostics(
    app.getPath('logs'),
    join(app.getPath('userData'), 'data', 'settings.json'),
    facts,
  );
  try {
    const { text, removedLines } = diagnosticsBundle(parts, new Date());
    await writeFile(choice.filePath, text, { mode: 0o600 });
    const note = removedLines > 0 ? ` ${removedLines} line(s) that looked like card data were left out.` : '';
    void dialog.showMessageBox({ type: 'info', title: 'Callpay', message: `Diagnostics saved.${note}` });
  } catch (error) {
    warn(`Callpay could not save the diagnostics: ${(error as Error).message}`);
  }
}
