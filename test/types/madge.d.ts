// The part of madge's API the layering test uses (madge ships no types).
declare module 'madge' {
  interface MadgeResult {
    /** Each cycle as the list of files in it. */
    circular(): string[][];
    /** Every module with the modules it imports. */
    obj(): Record<string, string[]>;
  }
  interface MadgeConfig {
    fileExtensions?: string[];
    tsConfig?: string;
    detectiveOptions?: { ts?: { skipTypeImports?: boolean } };
  }
  function madge(paths: string | string[], config?: MadgeConfig): Promise<MadgeResult>;
  export default madge;
}
