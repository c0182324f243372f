// `node dist-bench/bench/click-cost/profile-summary.js <file.cpuprofile>`: where the CPU of a profile
// written by `BENCH_PROFILE=<dir> npm run bench` went, as shares of all samples: by library (the
// package under node_modules, the package's own src/, node internals) and the top functions by
// self time. Idle time is left out, so the shares are of the time the server was busy.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const file = process.argv[2];
if (!file) {
  console.error('usage: profile-summary <file.cpuprofile> [top=25]');
  process.exit(2);
}
const top = Number(process.argv[3] ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[] };
const IDLE = new Set(['(idle)', '(program)', '(garbage collector)']);

let busy = 0;
let gc = 0;
const byLibrary = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const node of profile.nodes) {
  const hits = node.hitCount ?? 0;
  const { functionName, url, lineNumber } = node.callFrame;
  if (functionName === '(garbage collector)') gc += hits;
  if (IDLE.has(functionName) && functionName !== '(garbage collector)') continue;
  busy += hits;
  const library = libraryOf(url, functionName);
  byLibrary.set(library, (byLibrary.get(library) ?? 0) + hits);
  const where = url ? `${url.replace(/^.*\/(node_modules|dist-bench)\//, '')}:${lineNumber + 1}` : '';
  const name = `${functionName || '(anonymous)'} ${where}`.trim();
  byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
}

const share = (n: number) => `${((100 * n) / busy).toFixed(1).padStart(5)} %`;
console.log(`busy samples: ${busy} (garbage collector ${share(gc).trim()})`);
console.log('by library:');
for (const [name, n] of [...byLibrary].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${share(n)}  ${name}`);
console.log(`top ${top} functions by self time:`);
for (const [name, n] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`  ${share(n)}  ${name}`);

function libraryOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1];
  if (url.startsWith('node:')) return 'node internals';
  const own = /dist-bench\/(src|bench)\/([^/]+)/.exec(url);
  if (own) return `${own[1]}/${own[2]}`;
  return url;
}
