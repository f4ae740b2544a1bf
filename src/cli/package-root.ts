import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed package's folder (where `mappings/` ships), from this file's location in src/ or dist/src/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'mappings'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the deskbee-sync package folder (with mappings/) above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}
