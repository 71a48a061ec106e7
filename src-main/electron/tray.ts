import type { Menu, MenuItemConstructorOptions, Tray } from 'electron';
import { trayModel, type TrayAction, type TrayIcon, type TrayModel, type TrayState } from './tray-model';

/** The slice of Electron's Tray this uses. */
export type TrayLike = Pick<Tray, 'setImage' | 'setToolTip' | 'setContextMenu' | 'destroy'> & {
  on(event: 'click', listener: () => void): unknown;
};

export interface TrayDeps {
  create(iconPath: string): TrayLike;
  buildMenu(template: MenuItemConstructorOptions[]): Menu;
  iconPath(icon: TrayIcon): string;
  onAction(action: TrayAction, checked: boolean): void;
}

/** Electron's menu template for a tray model; each action calls back with its name. */
export function menuTemplate(model: TrayModel, onAction: TrayDeps['onAction']): MenuItemConstructorOptions[] {
  return model.items.map((item): MenuItemConstructorOptions => {
    if (item.kind === 'separator') return { type: 'separator' };
    if (item.kind === 'label') return { label: item.label, enabled: false };
    return {
      label: item.label,
      type: item.checked === undefined ? 'normal' : 'checkbox',
      checked: item.checked,
      click: (menuItem) => onAction(item.action, Boolean(menuItem?.checked)),
    };
  });
}

/** The tray icon: redraws icon, tooltip and menu whenever the state changes what they show. */
export class TrayController {
  #state: TrayState;
  #shown = '';
  readonly #tray: TrayLike;
  readonly #deps: TrayDeps;

  constructor(deps: TrayDeps, state: TrayState) {
    this.#deps = deps;
    this.#state = state;
    this.#tray = deps.create(deps.iconPath(trayModel(state).icon));
    // A left click shows or hides the window, as on Windows' and most Linux trays.
    this.#tray.on('click', () => deps.onAction('toggle-window', false));
    this.#render();
  }

  get state(): TrayState {
    return this.#state;
  }

  update(change: (state: TrayState) => TrayState) {
    this.#state = change(this.#state);
    this.#render();
  }

  destroy() {
    this.#tray.destroy();
  }

  #render() {
    const model = trayModel(this.#state);
    const key = JSON.stringify(model);
    if (key === this.#shown) return;
    this.#shown = key;
    this.#tray.setImage(this.#deps.iconPath(model.icon));
    this.#tray.setToolTip(model.tooltip);
    this.#tray.setContextMenu(this.#deps.buildMenu(menuTemplate(model, this.#deps.onAction)));
  }
}
