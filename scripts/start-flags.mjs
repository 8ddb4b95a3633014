import { readFileSync } from 'node:fs'
import path from 'node:path'

/**
 * The node flags of `npm start` (package.json's `start` script), for what starts `dist/main.js`
 * itself (the benchmark, the built-server test): they run the registry as it is served.
 */
export const startFlags = (root) =>
  JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))
    .scripts.start.split(/\s+/)
    .filter((arg) => arg.startsWith('--'))
