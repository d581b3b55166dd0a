/** Types of scripts/sources.mjs for the TypeScript that imports it (the benchmark). */
export declare const ROOT: string;
export declare const SOURCE_DIRS: string[];
export declare const STAMP: string;
export declare function newestSourceMtime(): number;
export declare function distIsFresh(): boolean;
export declare const NODE_FLAGS: string[];
