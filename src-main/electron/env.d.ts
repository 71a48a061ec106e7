/// <reference types="electron-vite/node" />

interface ImportMetaEnv {
  /** "1" in a training build that only ever runs the sandbox (set at build time). */
  readonly MAIN_VITE_SANDBOX_ONLY?: string;
}
