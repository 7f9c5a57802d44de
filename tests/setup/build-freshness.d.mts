/** build/index.js exists and is at least as new as app/ and remix.config.js. */
export function buildIsFresh(root: string): boolean;
