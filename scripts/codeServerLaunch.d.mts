/** The directories of one code-server: fresh for every run. */
export interface CodeServerDirs {
  /** Holds the `User/settings.json` written before start. */
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** code-server's own config and XDG dirs, so that nothing is written to the home directory. */
  readonly homeDir: string;
}

export declare const LISTENING_LINE: RegExp;
export declare function installArgs(vsix: string, dirs: CodeServerDirs): string[];
/** `port` 0 lets the system choose a free one (tests). */
export declare function serveArgs(port: number, dirs: CodeServerDirs, folder: string): string[];
export declare function isolatedEnv(dirs: CodeServerDirs): NodeJS.ProcessEnv;
