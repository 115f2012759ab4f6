// Writes dist/files.json: every file of the build, so pwa-host can load them from its jar
// (a jar cannot be listed like a folder).
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('../dist/', import.meta.url).pathname;

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [relative(root, path)];
  });
}

const files = walk(root).filter((file) => file !== 'files.json').sort();
writeFileSync(join(root, 'files.json'), JSON.stringify(files, null, 1) + '\n');
console.log(`dist/files.json: ${files.length} files`);
