// The part of Eleventy's programmatic API that the site stage uses.
declare module '@11ty/eleventy' {
  export interface UserConfig {
    addGlobalData(name: string, value: unknown): void;
    /** (Used by the tests: a filter of their own.) */
    addFilter(name: string, filter: (value: string) => string): void;
    /** Globs of input files not to process (those starting with `**` are used as given). */
    ignores: Set<string>;
    /** Whether the .gitignore of the folder Eleventy runs from leaves files out (by default it does). */
    setUseGitIgnore(use: boolean): void;
    /** A function run on each template of the given extensions before it is rendered; `false` leaves the template out (Eleventy 3). */
    addPreprocessor(name: string, extensions: string, run: (data: { page: { inputPath: string } }, content: string) => false | string | undefined): void;
  }
  export default class Eleventy {
    constructor(input: string, output: string, options?: { configPath?: string; quietMode?: boolean; config?: (config: UserConfig) => void | Promise<void> });
    write(): Promise<unknown>;
    disableLogger(): void;
  }
}
