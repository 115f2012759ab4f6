// Builds the app into dist/: hashed bundles under /assets (cached forever by pwa-host), plus
// index.html, manifest, icons and /sw.js (never cached). The service worker is bundled separately
// into one classic script (module service workers are not supported everywhere) and learns the
// exact list of shell files to precache.
import { defineConfig } from 'vite';
import { build as esbuild } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

function serviceWorker() {
  return {
    name: 'webphone-service-worker',
    apply: 'build',
    async generateBundle(_options, bundle) {
      const publicFiles = ['/manifest.webmanifest', '/icons/icon-192.png', '/icons/icon-512.png', '/icons/maskable-512.png', '/icons/badge-96.png'];
      const shell = ['/index.html', ...Object.keys(bundle).filter((name) => name.startsWith('assets/')).map((name) => `/${name}`), ...publicFiles];
      // The cache name changes whenever a shell file's name does (hashed names change with content).
      const version = createHash('sha256').update(shell.join('\n') + pkg.version).digest('hex').slice(0, 12);
      const result = await esbuild({
        entryPoints: ['src/sw/sw.js'],
        bundle: true,
        format: 'iife',
        minify: true,
        write: false,
        target: 'es2020',
        define: { __PRECACHE__: JSON.stringify(shell), __VERSION__: JSON.stringify(version) },
      });
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: result.outputFiles[0].text });
    },
  };
}

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  build: {
    target: 'es2020',
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  plugins: [serviceWorker()],
  test: {
    environment: 'node',
    include: ['test/**/*.test.js'],
  },
});
