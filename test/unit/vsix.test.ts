// The .vsix users install: packaged with the flags of `npm run package`, then read back entry by entry.
// The VS Code suite (test/vscode/run.sh) installs the same package into code-server and runs against it.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const REPO = resolve(__dirname, '..', '..');
const PACKAGE_OUT = '-o ds01-gpu-host.vsix';

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeader: number;
}

/** The central directory of a zip file (no zip64, no multi-disk: a .vsix of a few MB). */
function zipEntries(zip: Buffer): ZipEntry[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'no end-of-central-directory record: not a zip file');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, `central directory entry ${i} is damaged`);
    const nameLength = zip.readUInt16LE(at + 28);
    entries.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      localHeader: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

function entryText(zip: Buffer, entry: ZipEntry): string {
  const h = entry.localHeader;
  const data = h + 30 + zip.readUInt16LE(h + 26) + zip.readUInt16LE(h + 28);
  const raw = zip.subarray(data, data + entry.compressedSize);
  return (entry.method === 8 ? inflateRawSync(raw) : raw).toString('utf8');
}

describe('the packaged extension (.vsix)', function () {
  this.timeout(120_000);
  let temp: string;
  let zip: Buffer;
  let entries: ZipEntry[];
  const names = () => entries.map((e) => e.name);
  const text = (name: string) => {
    const entry = entries.find((e) => e.name === name);
    assert.ok(entry, `${name} is not in the .vsix; it holds ${names().join(', ')}`);
    return entryText(zip, entry);
  };

  before(() => {
    temp = mkdtempSync(join(tmpdir(), 'ds01-vsix-'));
    const script = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.package;
    const vsce = script.slice(script.indexOf('vsce package'));
    assert.ok(vsce.startsWith('vsce package') && vsce.includes(PACKAGE_OUT), `npm run package no longer runs "vsce package ... ${PACKAGE_OUT}": ${script}`);
    // The bundles are what the build made (the suite runner builds before the unit suite); a bare checkout builds here.
    if (!existsSync(join(REPO, 'dist', 'extension.js'))) execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO });
    const out = join(temp, 'ds01-gpu-host.vsix');
    const args = vsce.replace(PACKAGE_OUT, `-o ${out}`).split(/\s+/).slice(1);
    execFileSync(process.execPath, [join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce'), ...args], { cwd: REPO, stdio: 'pipe' });
    zip = readFileSync(out);
    entries = zipEntries(zip);
  });
  after(() => rmSync(temp, { recursive: true, force: true }));

  it('holds the bundles, the manifest, the README and the media, and nothing else of the extension', () => {
    const extension = names()
      .filter((n) => n.startsWith('extension/'))
      .sort();
    const media = extension.filter((n) => n.startsWith('extension/media/'));
    assert.ok(media.includes('extension/media/ds01.svg'), 'the view icon media/ds01.svg is missing');
    assert.ok(media.includes('extension/media/screenshot-status.png'), 'the README screenshot is missing');
    // dist/cli.js is the CLI's launcher: it runs dist/cli-main.js.
    assert.deepEqual(
      extension.filter((n) => !n.startsWith('extension/media/')),
      ['extension/dist/cli.js', 'extension/dist/cli-main.js', 'extension/dist/extension.js', 'extension/package.json', 'extension/readme.md'].sort(),
    );
  });

  it('ships no sources, tests, source maps, node_modules or native build files', () => {
    const leaked = names().filter((n) => /(^|\/)(src|test|node_modules|native|out|bench|scripts)\/|\.map$|\.ts$/.test(n));
    assert.deepEqual(leaked, []);
  });

  it('has a manifest whose entry point is in the package and which names the repository', () => {
    const manifest = JSON.parse(text('extension/package.json')) as { main: string; repository?: { url?: string }; scripts?: unknown };
    assert.ok(names().includes(`extension/${manifest.main.replace(/^\.\//, '')}`), `main ${manifest.main} is not packaged`);
    assert.match(manifest.repository?.url ?? '', /^https:\/\/github\.com\//);
  });

  it('points the README images at the repository, so they show on the extension page', () => {
    const readme = text('extension/readme.md');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(images.length > 0, 'the README shows no image');
    for (const url of images) assert.match(url, /^https:\/\/github\.com\/.+\/raw\/HEAD\/media\/[\w.-]+\.png$/);
  });
});
