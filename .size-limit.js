/**
 * `npm run size`: the budget for what a program pulls in with
 * `import { createEdisClient } from "edis-global"`: the built client and the runtime
 * dependency it uses, openapi-fetch, bundled by esbuild, minified, then gzipped. It runs on Node, so
 * the bundle targets Node and leaves Node's built-in modules out. The limit sits a little above
 * the measured size: raise it on purpose, in the commit that explains the growth. The second
 * budget is the simulator's (`edis-global/testing`), measured the same way.
 */
export default [
  {
    name: 'import { createEdisClient } from "edis-global"',
    path: "dist/edis-global.js",
    import: "{ createEdisClient }",
    gzip: true,
    modifyEsbuildConfig: (config) => ({ ...config, platform: "node", format: "esm" }),
    limit: "24.3 kB",
  },
  {
    // The simulator, a bundle of its own that the line above never pulls in; its bulk is the
    // request and answer validators compiled from spec/ at build time (generated/*-validators.ts).
    name: 'import { createEdisSimulator } from "edis-global/testing"',
    path: "dist/edis-global-testing.js",
    import: "{ createEdisSimulator }",
    gzip: true,
    modifyEsbuildConfig: (config) => ({ ...config, platform: "node", format: "esm" }),
    limit: "53 kB",
  },
];
