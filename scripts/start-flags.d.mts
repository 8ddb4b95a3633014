/** The node flags of `npm start` (package.json's `start` script). */
export declare const startFlags: (root: string) => string[]
