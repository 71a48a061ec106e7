export const LINUX_SIZES: number[];
export const TRAY_STATES: Record<'offline' | 'registered' | 'in-call' | 'payment', string>;
export function renderPng(svg: string, size: number): Buffer;
export function trayVariant(svg: string, colour: string): string;
export function renderIcons(svg?: string): Map<string, Buffer>;
