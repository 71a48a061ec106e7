/** The sentence for a checkout whose Electron package came without its binary. */
export const NO_ELECTRON: string;
/** Where Electron's binary is, or undefined when it is missing. */
export function electronBinary(electronDir: string): string | undefined;
