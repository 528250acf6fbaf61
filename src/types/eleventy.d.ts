// The part of Eleventy's programmatic API that the site stage uses.
declare module '@11ty/eleventy' {
  export interface UserConfig {
    addGlobalData(name: string, value: unknown): void;
    /** (Used by the tests: a filter of their own.) */
    addFilter(name: string, filter: (value: string) => string): void;
    /** Globs of input files not to process (those starting with `**` are used as given). */
    ignores: Set<string>;
  }
  export default class Eleventy {
    constructor(input: string, output: string, options?: { configPath?: string; quietMode?: boolean; config?: (config: UserConfig) => void | Promise<void> });
    write(): Promise<unknown>;
    disableLogger(): void;
  }
}
