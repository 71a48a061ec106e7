import { dialog } from 'electron';

/** A warning the user acknowledges with OK. */
export const warn = (message: string) =>
  void dialog.showMessageBox({ type: 'warning', title: 'Callpay', message, buttons: ['OK'] });
