// `npm test`: typecheck, lint, build, unit + component + integration tests (vitest), the
// package check, and end-to-end tests (Playwright on Debian's Chromium). Every step runs
// even when an earlier one failed (except those that need the build), and the last line
// adds up the tests: "test: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cache = path.join(root, '.cache');
fs.mkdirSync(cache, { recursive: true });
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const results = [];
const temporaryFolders = [];
const counts = { passed: 0, failed: 0, skipped: 0 };

function run(step, command, args, options = {}) {
  const started = Date.now();
  console.log(`\n=== ${step}: ${[command, ...args].join(' ')}`);
  const outcome = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env, ...options });
  const ok = outcome.status === 0;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  results.push({ step, ok, seconds });
  if (outcome.error) console.error(`${step}: could not start ${command}: ${outcome.error.message}`);
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Runs a command inside a private D-Bus session with an unlocked gnome-keyring, when both exist.
 * The keyring's files go to a fresh folder (XDG_DATA_HOME), so a developer's own login keyring is
 * never opened, unlocked or written by the tests.
 */
function withKeyring(command, args) {
  const has = (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
  if (!has('dbus-run-session') || !has('gnome-keyring-daemon')) return [command, args];
  const keyringHome = fs.mkdtempSync(path.join(os.tmpdir(), 'opp-test-keyring-'));
  temporaryFolders.push(keyringHome);
  const quoted = [command, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const script =
    `export XDG_DATA_HOME='${keyringHome}'; ` +
    `printf 'opp-test' | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec ${quoted}`;
  return ['dbus-run-session', ['--', 'sh', '-c', script]];
}

run('typecheck', bin('tsc'), ['-b']);
run('lint', bin('eslint'), ['--max-warnings', '0', '.']);
run('format', bin('prettier'), ['--check', '.']);
const built = run('build', 'npm', ['run', '--silent', 'build']);

const vitestReport = path.join(cache, 'vitest-report.json');
fs.rmSync(vitestReport, { force: true });
const [vCommand, vArgs] = withKeyring(bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestReport}`,
]);
run('vitest', vCommand, vArgs);
const vitest = readJson(vitestReport);
if (vitest) {
  counts.passed += vitest.numPassedTests;
  counts.failed += vitest.numFailedTests;
  counts.skipped += vitest.numPendingTests + vitest.numTodoTests;
}

if (fs.existsSync(path.join(root, 'scripts', 'package-check.mjs'))) {
  if (built) run('package check', 'node', [path.join(root, 'scripts', 'package-check.mjs')]);
}

const playwrightReport = path.join(cache, 'playwright-report.json');
fs.rmSync(playwrightReport, { force: true });
if (built) {
  const [pCommand, pArgs] = withKeyring(bin('playwright'), ['test']);
  run('end-to-end', pCommand, pArgs);
  const playwright = readJson(playwrightReport);
  if (playwright) {
    counts.passed += playwright.stats.expected + playwright.stats.flaky;
    counts.failed += playwright.stats.unexpected;
    counts.skipped += playwright.stats.skipped;
  }
} else {
  results.push({ step: 'end-to-end', ok: false, seconds: '0.0' });
  console.error('end-to-end: not run, because the build failed.');
}

console.log('\n=== summary');
for (const { step, ok, seconds } of results) console.log(`${ok ? 'ok  ' : 'FAIL'} ${step} (${seconds} s)`);
const failedSteps = results.filter((r) => !r.ok).length;
if (failedSteps > 0 && counts.failed === 0) counts.failed += failedSteps;
console.log(`test: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
for (const folder of temporaryFolders) fs.rmSync(folder, { recursive: true, force: true });
process.exit(results.every((r) => r.ok) ? 0 : 1);
