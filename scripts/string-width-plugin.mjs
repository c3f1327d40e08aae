// The bundle's string-width (the one Ink measures every row with) answers through
// src/ui/narrow-width.ts first, and loads string-width itself only for text that needs
// it: its module alone builds a Unicode emoji pattern that costs 30-60 ms at start-up.
// Only the copy that fast path is proved against (test/ui/narrow-width.test.ts, the
// top-level node_modules/string-width) is wrapped; any other copy is left as it is.
import { resolve } from 'node:path';

const NS = 'narrow-string-width';

export const narrowStringWidth = {
  name: NS,
  setup(build) {
    const top = resolve('node_modules/string-width/index.js');
    build.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData === NS) return undefined; // the resolution asked for just below
      const r = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: NS });
      if (r.errors.length) return { errors: r.errors };
      return r.path === top ? { path: r.path, namespace: NS } : { path: r.path };
    });
    // require(), not import: the bundler then runs string-width's module only when first called
    build.onLoad({ filter: /.*/, namespace: NS }, (args) => ({
      resolveDir: process.cwd(),
      loader: 'js',
      contents:
        `const { narrowWidth } = require('./src/ui/narrow-width.ts');\n` +
        `module.exports = (s, o) => narrowWidth(s, o) ?? require(${JSON.stringify(args.path)}).default(s, o);\n`,
    }));
  },
};
