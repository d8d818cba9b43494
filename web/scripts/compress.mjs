// Writes a gzip copy (name.gz, level 9) beside every compressible file of dist/ over 1 KiB, kept
// only when smaller. `zhenxing serve --static` answers clients that accept gzip with these bytes,
// so nothing is compressed per request and the first load stays small.
import { readdirSync, readFileSync, statSync, writeFileSync, unlinkSync } from 'node:fs';
import { join, extname } from 'node:path';
import { gzipSync, constants } from 'node:zlib';

const root = new URL('../dist/', import.meta.url).pathname;
const kinds = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.txt', '.webmanifest']);
let files = 0, before = 0, after = 0;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) { walk(path); continue; }
    if (name.endsWith('.gz')) { unlinkSync(path); continue; }  // from an earlier build
    if (!kinds.has(extname(name)) || st.size < 1024) continue;
    const raw = readFileSync(path);
    const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
    if (gz.length >= raw.length) continue;
    writeFileSync(path + '.gz', gz);
    files += 1; before += raw.length; after += gz.length;
  }
}

walk(root);
console.log(`compress: ${files} files, ${(before / 1024).toFixed(0)} KiB → ${(after / 1024).toFixed(0)} KiB gzip`);
