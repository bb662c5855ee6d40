// `npm run package:check` (and a step of `npm test`): packs the built app (`npm run build`
// first) the way `npm run package` does, as a directory build for this platform, and checks
// what the package holds. The Electron binary cannot be downloaded on these machines, so the
// pack uses a stand-in Electron distribution made in a temp folder: a small file in place of
// the executable that carries a fuse wire (the bytes the real binary has), so the afterPack
// hook really flips fuses and this script reads them back. The stand-in does not run.
//
// It asserts:
//   - the packaging configuration: no native rebuild, the fuses hook wired with the settings
//     architecture.md asks for, installers per platform, entitlements, icons;
//   - the app.asar: only out/{main,preload,renderer} and package.json (with the right main and
//     type) and production node_modules; nothing from the must-not-ship list; no dev-only
//     package; every package main imports, with its dependencies, present;
//   - the native modules: this platform's .node files unpacked beside the asar, none inside it;
//   - the fuses in the packed executable, and that the hook skips a stand-in with no wire;
//   - that packing made no network connection (a guard preloaded into every Node process
//     records any attempt) and finished within a time limit.
// It prints a short report and exits 1 with the reasons on any failure. It leaves no files.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const started = Date.now();
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(path.join(root, 'package.json'));
const PACK_TIMEOUT_MS = 120_000;

const failures = [];
const check = (ok, message) => {
  if (!ok) failures.push(message);
  return ok;
};

// ---------------------------------------------------------------------------------------------
// What must hold. Kept here, apart from the files they check, so that weakening the
// configuration fails this script instead of silently changing what it expects.

/** Fuse index → expected state, per platform ('1' on, '0' off). Index 4 is asar integrity. */
const EXPECTED_FUSES = {
  RunAsNode: { index: 0, value: false },
  EnableCookieEncryption: { index: 1, value: true },
  EnableNodeOptionsEnvironmentVariable: { index: 2, value: false },
  EnableNodeCliInspectArguments: { index: 3, value: false },
  OnlyLoadAppFromAsar: { index: 5, value: true },
};
const ASAR_INTEGRITY_PLATFORMS = ['darwin', 'win32'];

/** Paths inside app.asar that must not ship. */
const FORBIDDEN = [
  [/\.(ts|mts|cts|tsx)$/, 'TypeScript sources or declarations'],
  [/\.map$/, 'source maps'],
  [/\.tsbuildinfo$/, 'TypeScript build info'],
  [/^\/out\/harness(\/|$)/, 'the test harness bridge (out/harness)'],
  [/^\/(main|preload|renderer|shared|test|scripts|bench|assets|docs)(\/|$)/, 'project sources'],
  [/^\/\.(cache|tools|git|ci|github)(\/|$)/, '.cache, .tools, .git or CI folders'],
  [/(^|\/)\.env(\..*)?$/, '.env files'],
  [/^\/(README|CHANGELOG)(\.md)?$/i, "the project's README"],
  [/^\/electron-builder\.(yml|yaml|json)$/, 'electron-builder.yml'],
  [/^\/[^/]*\.config\.(ts|mts|js|mjs|cjs)$/, 'tool configuration (vite, vitest, playwright, eslint)'],
  [/(^|\/)tsconfig[^/]*\.json$/, 'tsconfig files'],
  [
    /^\/(package-lock\.json|\.nvmrc|\.prettierrc[^/]*|\.prettierignore|\.gitignore)$/,
    'project configuration',
  ],
  [/\/node_modules\/better-sqlite3\/(build|deps|src)\//, 'better-sqlite3 sources or a local build'],
];
/** Development packages that must never be in the package, named so the report can say so. */
const MUST_BE_ABSENT = [
  'electron',
  'electron-builder',
  'electron-vite',
  '@electron/fuses',
  'vite',
  'vitest',
  'typescript',
  'tsx',
  'eslint',
  'prettier',
  'fastify',
  'playwright',
  'playwright-core',
  '@playwright/test',
  'jsdom',
  '@testing-library/react',
];
/** A sandboxed preload can require only these. */
const PRELOAD_REQUIRES = new Set([
  'electron',
  'events',
  'timers',
  'url',
  'node:events',
  'node:timers',
  'node:url',
]);

// ---------------------------------------------------------------------------------------------

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function loadBuilderConfig() {
  const yaml = require('js-yaml');
  return yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
}

/** Module specifiers a built bundle imports or requires (static, dynamic, side-effect, CommonJS). */
function importedPackages(file) {
  const code = fs.readFileSync(file, 'utf8');
  const specifier = String.raw`["']((?:node:|@|\.{1,2}/|[a-z0-9])[\w@./-]*)["']`;
  const patterns = [
    new RegExp(String.raw`(?:^|[;}\n])\s*(?:import|export)\b[^;"']*?\bfrom\s*${specifier}`, 'g'),
    new RegExp(String.raw`(?:^|[;}\n])\s*import\s*${specifier}`, 'g'),
    new RegExp(String.raw`\bimport\(\s*${specifier}\s*\)`, 'g'),
    new RegExp(String.raw`\brequire\(\s*${specifier}\s*\)`, 'g'),
  ];
  const specifiers = new Set();
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) specifiers.add(match[1]);
  return [...specifiers];
}

const packageName = (specifier) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];

function isBuiltin(specifier) {
  return specifier.startsWith('node:') || builtinModules.includes(specifier);
}

/** The network guard, preloaded (NODE_OPTIONS) into electron-builder and every Node it starts. */
function writeNetworkGuard(file, logFile) {
  const source = `'use strict';
const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');
const record = (what) => {
  try { fs.appendFileSync(${JSON.stringify(logFile)}, JSON.stringify({ pid: process.pid, argv: process.argv.slice(1, 4), what }) + '\\n'); } catch {}
  const error = new Error('package-check: network access is blocked (' + what + ')');
  error.code = 'ENETUNREACH';
  return error;
};
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const options = args[0] !== null && typeof args[0] === 'object' ? (Array.isArray(args[0]) ? args[0][0] : args[0]) : { port: args[0], host: args[1] };
  if (options && typeof options.path === 'string') return connect.apply(this, args);
  if (typeof args[0] === 'string' && !/^\\d+$/.test(args[0])) return connect.apply(this, args);
  const error = record('connect ' + (options.host ?? 'localhost') + ':' + options.port);
  process.nextTick(() => this.destroy(error));
  return this;
};
const lookup = (host, ...rest) => {
  const callback = rest.find((arg) => typeof arg === 'function');
  const error = record('dns ' + host);
  if (callback) process.nextTick(() => callback(error));
};
dns.lookup = lookup;
dns.promises.lookup = (host) => Promise.reject(record('dns ' + host));
`;
  fs.writeFileSync(file, source);
}

/** A stand-in Electron distribution: what electron-builder copies, with a fuse wire in the executable. */
function makeStandIn(dir, FuseSentinel) {
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  // Electron 45's wire as shipped: RunAsNode 1, cookie encryption 0, NODE_OPTIONS 1, inspect 1,
  // asar integrity 0, only-asar 0, V8 snapshot 0, file:// privileges 1, wasm trap handlers 1.
  const wire = Buffer.from('101100011', 'ascii');
  const executable = Buffer.concat([
    Buffer.from(
      '#!/bin/sh\necho "stand-in Electron made by scripts/package-check.mjs; it does not run" >&2\nexit 1\n',
    ),
    Buffer.from(FuseSentinel, 'ascii'),
    Buffer.from([1, wire.length]),
    wire,
    Buffer.from('\n'),
  ]);
  fs.writeFileSync(path.join(dir, 'electron'), executable, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'stand-in\n');
  fs.writeFileSync(path.join(dir, 'LICENSES.chromium.html'), '<p>stand-in</p>\n');
}

function runElectronBuilder(args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [require.resolve('electron-builder/cli.js'), ...args], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      output += `\npackage-check: electron-builder took more than ${PACK_TIMEOUT_MS / 1000} s and was stopped.`;
      child.kill('SIGKILL');
    }, PACK_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

/** Every file in an asar header: path → { size, unpacked }. */
function asarFiles(asar, archive) {
  const files = new Map();
  const walk = (node, prefix) => {
    for (const [name, entry] of Object.entries(node.files ?? {})) {
      const entryPath = `${prefix}/${name}`;
      if (entry.files !== undefined) walk(entry, entryPath);
      else
        files.set(entryPath, { size: entry.size ?? 0, unpacked: entry.unpacked === true, link: entry.link });
    }
  };
  walk(asar.getRawHeader(archive).header, '');
  return files;
}

function dirSize(dir) {
  if (!fs.existsSync(dir)) return 0;
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? dirSize(full) : fs.lstatSync(full).size;
  }
  return total;
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Native binary magic for this platform. */
function looksNative(file) {
  const head = Buffer.alloc(4);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 4, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (process.platform === 'linux') return head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  if (process.platform === 'win32') return head.subarray(0, 2).toString('ascii') === 'MZ';
  return [0xfeedfacf, 0xcffaedfe, 0xcafebabe, 0xbebafeca].includes(head.readUInt32BE(0));
}

// ---------------------------------------------------------------------------------------------

function checkConfiguration(config, hook) {
  check(config.asar !== false && config.asar !== undefined, 'asar must be on');
  const unpack = [config.asarUnpack ?? []].flat();
  check(
    unpack.includes('**/*.node'),
    "asarUnpack must include '**/*.node' (native addons cannot load from the asar)",
  );
  check(
    config.npmRebuild === false,
    'npmRebuild must be false: a rebuild can only make a binary for the wrong runtime',
  );
  check(config.nodeGypRebuild === false, 'nodeGypRebuild must be false');
  check(config.buildDependenciesFromSource === false, 'buildDependenciesFromSource must be false');
  check(
    config.electronFuses === undefined,
    'electronFuses must stay unset: the afterPack hook flips the fuses',
  );
  const files = [config.files ?? []].flat().map(String);
  check(
    !files.some((f) => f.includes('harness') && !f.startsWith('!')),
    'files must not include out/harness',
  );
  check(files.includes('!**/*.map'), "files must exclude source maps ('!**/*.map')");

  check(
    config.afterPack === './scripts/after-pack.mjs',
    'afterPack must be ./scripts/after-pack.mjs (the fuses)',
  );
  check(typeof hook.afterPack === 'function', 'scripts/after-pack.mjs must export afterPack');
  for (const platform of ['linux', 'darwin', 'win32']) {
    const settings = hook.fuseSettings(platform);
    const expected = Object.fromEntries(
      Object.entries(EXPECTED_FUSES).map(([name, { value }]) => [
        name[0].toLowerCase() + name.slice(1),
        value,
      ]),
    );
    if (ASAR_INTEGRITY_PLATFORMS.includes(platform)) expected.enableEmbeddedAsarIntegrityValidation = true;
    check(
      JSON.stringify(Object.entries(settings).sort()) === JSON.stringify(Object.entries(expected).sort()),
      `fuse settings for ${platform} are ${JSON.stringify(settings)}, expected ${JSON.stringify(expected)}`,
    );
  }

  const linuxTargets = [config.linux?.target ?? []].flat().map((t) => (typeof t === 'string' ? t : t.target));
  check(
    linuxTargets.includes('AppImage') && linuxTargets.includes('deb'),
    'linux targets must be AppImage and deb',
  );
  check(
    [config.deb?.depends ?? []].flat().includes('libsecret-1-0'),
    'the deb must depend on libsecret-1-0 (keytar)',
  );
  check(config.mac?.hardenedRuntime === true, 'mac.hardenedRuntime must be true');
  check(config.mac?.notarize !== false, 'mac.notarize must not be switched off');
  const entitlements = path.join(root, config.mac?.entitlements ?? 'missing');
  if (check(fs.existsSync(entitlements), 'mac.entitlements must name an existing file')) {
    const plist = fs.readFileSync(entitlements, 'utf8');
    check(plist.includes('com.apple.security.cs.allow-jit'), 'the entitlements must allow JIT (V8)');
    check(
      !/<key>com\.apple\.security\.cs\.(disable-library-validation|allow-unsigned-executable-memory)<\/key>/.test(
        plist,
      ),
      'the entitlements must not weaken library validation or allow unsigned executable memory',
    );
  }
  check([config.win?.target ?? []].flat().includes('nsis'), 'the Windows target must be nsis');

  const assets = path.join(root, config.directories?.buildResources ?? 'build');
  for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
    const png = path.join(assets, 'icons', `${size}x${size}.png`);
    if (!check(fs.existsSync(png), `icon missing: ${path.relative(root, png)}`)) continue;
    const bytes = fs.readFileSync(png);
    check(
      bytes.readUInt32BE(16) === size && bytes.readUInt32BE(20) === size,
      `${path.relative(root, png)} is not ${size}x${size}`,
    );
  }
  for (const file of ['icon.svg', 'icon.png', 'icon.ico', 'icon.icns'])
    check(fs.existsSync(path.join(assets, file)), `icon missing: ${path.join(path.basename(assets), file)}`);
}

function checkAsar(asar, resources, projectPackage, lock) {
  const archive = path.join(resources, 'app.asar');
  if (!check(fs.existsSync(archive), 'resources/app.asar is missing')) return null;
  check(
    !fs.existsSync(path.join(resources, 'app')),
    'resources/app/ must not exist (the app ships as an asar only)',
  );
  const files = asarFiles(asar, archive);
  const has = (p) => files.has(p);

  for (const required of [
    '/out/main/index.js',
    // The audit sync's write thread (main/audit/audit-write-sink.ts starts it beside index.js).
    '/out/main/audit-write-worker.js',
    '/out/preload/index.cjs',
    '/out/renderer/index.html',
    '/package.json',
  ])
    check(has(required), `app.asar is missing ${required}`);
  check(
    [...files.keys()].some((p) => /^\/out\/renderer\/assets\/.+\.js$/.test(p)),
    'app.asar has no renderer script under out/renderer/assets/',
  );
  const topLevel = new Set([...files.keys()].map((p) => p.split('/')[1]));
  const unexpectedTop = [...topLevel].filter(
    (name) => !['out', 'node_modules', 'package.json'].includes(name),
  );
  check(
    unexpectedTop.length === 0,
    `app.asar holds more than out/, node_modules/ and package.json: ${unexpectedTop.join(', ')}`,
  );
  const outDirs = new Set([...files.keys()].filter((p) => p.startsWith('/out/')).map((p) => p.split('/')[2]));
  const unexpectedOut = [...outDirs].filter((name) => !['main', 'preload', 'renderer'].includes(name));
  check(
    unexpectedOut.length === 0,
    `app.asar holds out/ folders other than main, preload, renderer: ${unexpectedOut.join(', ')}`,
  );

  for (const [pattern, what] of FORBIDDEN) {
    const hits = [...files.keys()].filter((p) => pattern.test(p));
    check(
      hits.length === 0,
      `${what} must not ship: ${hits.slice(0, 3).join(', ')}${hits.length > 3 ? ` (+${hits.length - 3})` : ''}`,
    );
  }

  // package.json inside: the entry point Electron will load, ESM as built.
  if (has('/package.json')) {
    const packed = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8'));
    check(
      packed.main === projectPackage.main,
      `package.json main is ${packed.main}, expected ${projectPackage.main}`,
    );
    check(has(`/${packed.main}`), `package.json main (${packed.main}) is not in app.asar`);
    check(packed.type === 'module', 'package.json must keep "type": "module" (out/main/index.js is ESM)');
    check(packed.version === projectPackage.version, `package.json version is ${packed.version}`);
    check(packed.devDependencies === undefined, 'package.json inside the asar still lists devDependencies');
  }

  // Development-only packages. electron-builder hoists nested copies to the top of the asar,
  // so a package is matched with the lockfile by name and version: a shipped copy whose every
  // lockfile entry is marked "dev" is a development package that leaked in.
  const shipped = [...files.keys()].flatMap((p) => {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(p);
    return match !== null &&
      !match[1].startsWith('.') &&
      p.split('/node_modules/').at(-1) === `${match[1]}/package.json`
      ? [{ name: match[1], path: p }]
      : [];
  });
  const installed = new Set(shipped.map((entry) => entry.name));
  for (const name of MUST_BE_ABSENT)
    check(!installed.has(name), `the dev-only package ${name} is in the package`);
  const lockEntries = new Map();
  for (const [key, entry] of Object.entries(lock.packages ?? {})) {
    const name = key.split('node_modules/').at(-1);
    if (!key.includes('node_modules/') || name === undefined) continue;
    const id = `${name}@${entry.version}`;
    lockEntries.set(id, [...(lockEntries.get(id) ?? []), entry.dev === true]);
  }
  const shippedDev = shipped.flatMap(({ name, path: p }) => {
    const { version } = JSON.parse(asar.extractFile(archive, p.slice(1)).toString('utf8'));
    const dev = lockEntries.get(`${name}@${version}`);
    return dev !== undefined && dev.every(Boolean) ? [`${name}@${version}`] : [];
  });
  check(shippedDev.length === 0, `development-only packages ship: ${shippedDev.slice(0, 8).join(', ')}`);

  // Everything main imports resolves inside the asar, with its own dependencies.
  const missing = [];
  const seen = new Set();
  const resolveFrom = (fromDir, name) => {
    for (let dir = fromDir; ; dir = path.posix.dirname(dir)) {
      const candidate = path.posix.join(dir, 'node_modules', name);
      if (has(`${candidate}/package.json`)) return candidate;
      if (dir === '/') return null;
    }
  };
  const visit = (fromDir, name, via) => {
    const location = resolveFrom(fromDir, name);
    if (location === null) return missing.push(`${name} (needed by ${via})`);
    if (seen.has(location)) return;
    seen.add(location);
    const manifest = JSON.parse(
      asar.extractFile(archive, `${location.slice(1)}/package.json`).toString('utf8'),
    );
    const optionalPeers = Object.entries(manifest.peerDependenciesMeta ?? {})
      .filter(([, meta]) => meta.optional === true)
      .map(([peer]) => peer);
    const needed = [
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}).filter((peer) => !optionalPeers.includes(peer)),
    ];
    for (const dep of needed) visit(location, dep, name);
  };
  const mainImports = ['out/main/index.js', 'out/main/audit-write-worker.js']
    .flatMap((entry) => importedPackages(path.join(root, entry)))
    .filter((s) => !s.startsWith('.') && !isBuiltin(s))
    .map(packageName)
    .filter((name, i, all) => name !== 'electron' && all.indexOf(name) === i);
  for (const name of mainImports) visit('/', name, 'out/main');
  check(missing.length === 0, `main's imports do not resolve inside app.asar: ${missing.join(', ')}`);

  const preloadRequires = importedPackages(path.join(root, 'out/preload/index.cjs')).filter(
    (s) => !s.startsWith('.'),
  );
  const badPreload = preloadRequires.filter((s) => !PRELOAD_REQUIRES.has(s));
  check(badPreload.length === 0, `the sandboxed preload requires what it cannot: ${badPreload.join(', ')}`);

  return { files, mainImports, packages: installed.size };
}

function checkNativeModules(files, resources) {
  const unpackedDir = path.join(resources, 'app.asar.unpacked');
  const target = `${process.platform}-${process.arch}`;
  const natives = [...files.entries()].filter(([p]) => p.endsWith('.node'));
  const packed = natives.filter(([, entry]) => !entry.unpacked).map(([p]) => p);
  check(packed.length === 0, `native addons inside the asar (they cannot load there): ${packed.join(', ')}`);
  const required = [
    `/node_modules/better-sqlite3/prebuilds/${target}.node`,
    '/node_modules/keytar/build/Release/keytar.node',
  ];
  for (const p of required) {
    const entry = files.get(p);
    if (!check(entry !== undefined, `the native module ${p} is not in the package`)) continue;
    if (!check(entry.unpacked, `${p} must be unpacked (app.asar.unpacked)`)) continue;
    const onDisk = path.join(unpackedDir, ...p.split('/'));
    if (check(fs.existsSync(onDisk), `${p} is marked unpacked but app.asar.unpacked lacks it`))
      check(looksNative(onDisk), `${p} is not a native binary for ${process.platform}`);
  }
  const others = natives
    .map(([p]) => p)
    .filter((p) => p.includes('/better-sqlite3/prebuilds/') && !p.endsWith(`/${target}.node`));
  check(others.length === 0, `better-sqlite3 binaries for other platforms ship: ${others.join(', ')}`);
  return natives.map(
    ([p, entry]) =>
      `${p.replace('/node_modules/', '')}${entry.unpacked ? ' (unpacked)' : ' (INSIDE the asar)'}`,
  );
}

async function checkFuses(fuses, hook, appOutDir, executableName, tmp) {
  const wire = await fuses.getCurrentFuseWire(path.join(appOutDir, executableName));
  const states = [];
  for (const [name, { index, value }] of Object.entries(EXPECTED_FUSES)) {
    const actual = wire[index];
    check(
      actual === (value ? 49 : 48),
      `fuse ${name} is ${String.fromCharCode(actual)} in the packed executable, expected ${value ? 1 : 0}`,
    );
    states.push(`${name}=${String.fromCharCode(actual)}`);
  }
  // Linux has no asar integrity: the hook must leave that fuse as Electron ships it (off).
  check(
    wire[4] === 48,
    'EnableEmbeddedAsarIntegrityValidation changed on Linux, where Electron has no integrity check',
  );

  // The stand-in path: no wire, a small file → the hook says it skips, and does not fail.
  const bare = path.join(tmp, 'bare');
  fs.mkdirSync(bare);
  fs.writeFileSync(path.join(bare, 'opp-console'), '#!/bin/sh\nexit 1\n');
  const lines = [];
  const context = {
    appOutDir: bare,
    electronPlatformName: 'linux',
    packager: { executableName: 'opp-console' },
  };
  const result = await hook.applyFuses(context, (line) => lines.push(line));
  check(
    result.flipped === false && lines.some((l) => /fuses skipped/.test(l)),
    'the hook must skip, with a log line, an executable with no fuse wire',
  );
  // A big file without a wire is not a stand-in: the hook must refuse rather than ship unfused.
  const big = path.join(tmp, 'big');
  fs.mkdirSync(big);
  fs.writeFileSync(path.join(big, 'opp-console'), '');
  fs.truncateSync(path.join(big, 'opp-console'), 2 * 1024 * 1024);
  const refused = await hook
    .applyFuses({ ...context, appOutDir: big }, () => {})
    .then(() => false)
    .catch(() => true);
  check(refused, 'the hook must fail on a full-size executable that has no fuse wire');
  return states.join(' ');
}

async function main() {
  const projectPackage = readJson(path.join(root, 'package.json'));
  const lock = readJson(path.join(root, 'package-lock.json'));
  for (const built of [
    'out/main/index.js',
    'out/main/audit-write-worker.js',
    'out/preload/index.cjs',
    'out/renderer/index.html',
  ]) {
    if (!fs.existsSync(path.join(root, built))) {
      console.error(`package-check: ${built} is missing; run \`npm run build\` first.`);
      process.exit(1);
    }
  }
  const config = loadBuilderConfig();
  const hook = await import(pathToFileURL(path.join(root, 'scripts/after-pack.mjs')).href);
  const fuses = await import(pathToFileURL(require.resolve('@electron/fuses')).href);
  const asar = require('@electron/asar');
  checkConfiguration(config, hook);

  // Read the version from the file: require('electron') would try to download the binary.
  const electronVersion = readJson(require.resolve('electron/package.json')).version;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'opp-package-check-'));
  const cleanUp = () => fs.rmSync(tmp, { recursive: true, force: true });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (cleanUp(), process.exit(130)));
  try {
    const dist = path.join(tmp, 'electron-dist');
    const sentinel = (
      await import(
        pathToFileURL(path.join(path.dirname(require.resolve('@electron/fuses')), 'constants.js')).href
      )
    ).SENTINEL;
    makeStandIn(dist, sentinel);
    const guard = path.join(tmp, 'network-guard.cjs');
    const networkLog = path.join(tmp, 'network.log');
    writeNetworkGuard(guard, networkLog);
    const output = path.join(tmp, 'release');
    const env = {
      ...process.env,
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
      NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --require=${guard}`.trim(),
      npm_config_update_notifier: 'false',
      npm_config_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      CSC_IDENTITY_AUTO_DISCOVERY: 'false',
    };
    const packStarted = Date.now();
    const packed = await runElectronBuilder(
      [
        '--linux',
        'dir',
        '--publish',
        'never',
        `-c.electronDist=${dist}`,
        `-c.electronVersion=${electronVersion}`,
        `-c.directories.output=${output}`,
      ],
      env,
    );
    const packSeconds = (Date.now() - packStarted) / 1000;
    const attempts = fs.existsSync(networkLog) ? fs.readFileSync(networkLog, 'utf8').trim().split('\n') : [];
    check(
      attempts.length === 0,
      `packing tried the network ${attempts.length} time(s): ${attempts.slice(0, 3).join(' | ')}`,
    );
    if (!check(packed.code === 0, `electron-builder failed (exit ${packed.code ?? packed.signal})`)) {
      console.error(packed.output.split('\n').slice(-25).join('\n'));
      return report(null);
    }
    const hookLine = packed.output.split('\n').find((line) => line.includes('fuses flipped'));
    check(hookLine !== undefined, 'the afterPack hook did not report flipping the fuses during packing');

    const appOutDir = path.join(output, 'linux-unpacked');
    const executableName = config.linux?.executableName ?? projectPackage.name;
    const resources = path.join(appOutDir, 'resources');
    const asarResult = checkAsar(asar, resources, projectPackage, lock);
    const natives = asarResult === null ? [] : checkNativeModules(asarResult.files, resources);
    const fuseStates = await checkFuses(fuses, hook, appOutDir, executableName, tmp);
    const standIn = fs.statSync(path.join(appOutDir, executableName)).size;
    return report({
      packSeconds,
      asarBytes: fs.statSync(path.join(resources, 'app.asar')).size,
      unpackedBytes: dirSize(path.join(resources, 'app.asar.unpacked')),
      appBytes: dirSize(appOutDir) - standIn,
      files: asarResult?.files.size ?? 0,
      packages: asarResult?.packages ?? 0,
      mainImports: asarResult?.mainImports ?? [],
      natives,
      fuseStates,
      electronVersion,
    });
  } finally {
    cleanUp();
  }
}

function report(facts) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log('package check');
  if (facts !== null) {
    console.log(
      `  packed       linux dir with a stand-in Electron ${facts.electronVersion} in ${facts.packSeconds.toFixed(1)} s, no network`,
    );
    console.log(
      `  app.asar     ${mb(facts.asarBytes)}, ${facts.files} files, ${facts.packages} packages; unpacked ${mb(facts.unpackedBytes)}; app without Electron ${mb(facts.appBytes)}`,
    );
    console.log(`  main needs   ${facts.mainImports.join(', ')} (all present with their dependencies)`);
    console.log(`  native       ${facts.natives.join(', ')}`);
    console.log(`  fuses        ${facts.fuseStates}`);
  }
  if (failures.length > 0) {
    console.error(`package check FAILED (${failures.length}), ${seconds} s:`);
    for (const failure of failures) console.error(`  ✗ ${failure}`);
    process.exitCode = 1;
  } else {
    console.log(`package check passed in ${seconds} s`);
  }
}

main().catch((error) => {
  console.error(`package-check: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
});
