// Types for servers.mjs (plain JavaScript so that run.mjs, which Node runs directly, can import it).
export declare const basePort: number;
export declare const workers: number;
export declare function server(i: number): { port: number; baseURL: string; databaseUrl: string; dir: string };
