// The files the page inlines: ECharts' minified build and the page's own modules as
// compiled into dist/report/ (the tests, run from src/, read the built ones too).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { linkModules, type PageAssets } from './page.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** dist/report/ when running built, else the build's copy beside the sources */
export const BUILT_REPORT_DIR = path.basename(path.dirname(HERE)) === 'dist' ? HERE : path.resolve(HERE, '../../dist/report');

/** The page's modules, each after those it imports. */
export const PAGE_MODULES = ['./ui.js', './format.js', './options.js', './client.js'] as const;

export function loadAssets(): PageAssets {
  const require = createRequire(import.meta.url);
  const echarts = readFileSync(require.resolve('echarts/dist/echarts.min.js'), 'utf8');
  const modules = PAGE_MODULES.map((name) => {
    const file = path.join(BUILT_REPORT_DIR, name);
    try {
      return { name, source: readFileSync(file, 'utf8') };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${file} is missing: run npm run build`);
      throw err;
    }
  });
  return { echarts, script: linkModules(modules) };
}
