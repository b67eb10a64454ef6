import { recognizeCommand } from '../../bot/teams/commands';
import { isTopicListRequest } from '../../bot/teams/troubleshooting';
import assert from 'assert/strict';
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import AdmZip from 'adm-zip';
import { APP_PACKAGE_DIR, PROJECT_ROOT, buildAppPackage, buildManifest } from '../../scripts/packageApp';
import { validateManifest } from '../../scripts/manifestSchema';
import { decodePng } from '../helpers/png';

const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

describe('Teams app package', () => {
  describe('manifest', () => {
    it('validates against the v1.29 schema once the placeholders are filled', () => {
      const manifest = buildManifest(APP_ID, 'cpor.example.com');
      assert.deepEqual(validateManifest(manifest), []);
      assert.equal(manifest.id, APP_ID);
      assert.equal((manifest.bots as { botId: string }[])[0].botId, APP_ID);
      assert.deepEqual(manifest.validDomains, ['cpor.example.com']);
    });

    it('drops the bot domain entry when BOT_DOMAIN is not set and reduces a URL to its host', () => {
      assert.deepEqual(buildManifest(APP_ID).validDomains, []);
      assert.deepEqual(buildManifest(APP_ID, 'https://abc-3978.devtunnels.ms/api/messages').validDomains, ['abc-3978.devtunnels.ms']);
    });

    it('offers only commands the bot understands, in personal and team scope', () => {
      const [bot] = buildManifest(APP_ID).bots as { scopes: string[]; commandLists: { scopes: string[]; commands: { title: string }[] }[] }[];
      assert.deepEqual(bot.scopes, ['personal', 'team', 'groupChat']);
      const titles = (scope: string) => bot.commandLists.find((l) => l.scopes.includes(scope))?.commands.map((c) => c.title);
      assert.ok(titles('personal')?.includes('help') && titles('team')?.includes('help'));
      for (const title of [...(titles('personal') ?? []), ...(titles('team') ?? [])]) {
        assert.ok(recognizeCommand(title) || isTopicListRequest(title), `manifest command "${title}" is handled by the bot`);
      }
    });

    it('is rejected by the validator when a field is broken', () => {
      const manifest = structuredClone(buildManifest(APP_ID, 'cpor.example.com')) as any;
      manifest.bots[0].scopes = ['personnal'];
      delete manifest.developer.privacyUrl;
      const errors = validateManifest(manifest);
      assert.ok(
        errors.some((e) => e.startsWith('/bots/0/scopes/0 ')),
        errors.join('\n'),
      );
      assert.ok(
        errors.some((e) => e.includes('privacyUrl')),
        errors.join('\n'),
      );
    });

    it('refuses an app id that is not a GUID', () => {
      assert.throws(() => buildManifest('not-a-guid'), /\/id must match pattern/);
    });
  });

  describe('icons', () => {
    const read = (name: string) => decodePng(fs.readFileSync(path.join(APP_PACKAGE_DIR, name)));

    it('color.png is an opaque 192x192 image', () => {
      const { width, height, rgba } = read('color.png');
      assert.deepEqual([width, height], [192, 192]);
      for (let i = 3; i < rgba.length; i += 4) assert.equal(rgba[i], 255, `pixel ${(i - 3) / 4} is not opaque`);
    });

    it('outline.png is 32x32 and only white or fully transparent', () => {
      const { width, height, rgba } = read('outline.png');
      assert.deepEqual([width, height], [32, 32]);
      let drawn = 0;
      for (let i = 0; i < rgba.length; i += 4) {
        const [r, g, b, a] = rgba.subarray(i, i + 4);
        if (a === 0) continue;
        assert.deepEqual([r, g, b], [255, 255, 255], `pixel ${i / 4} is neither white nor transparent`);
        drawn++;
      }
      assert.ok(drawn > 50, 'outline icon is (almost) empty');
    });
  });

  describe('buildAppPackage', () => {
    let outDir: string;
    before(() => {
      outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpor-apppkg-'));
    });
    after(() => fs.rmSync(outDir, { recursive: true, force: true }));

    it('writes a zip with exactly manifest.json, color.png and outline.png, placeholders filled', async () => {
      const zipPath = await buildAppPackage({ appId: APP_ID, botDomain: 'cpor.example.com', outDir });
      assert.equal(zipPath, path.join(outDir, 'cpor-assistant.zip'));
      const zip = new AdmZip(zipPath);
      assert.deepEqual(
        zip
          .getEntries()
          .map((e) => e.entryName)
          .sort(),
        ['color.png', 'manifest.json', 'outline.png'],
      );
      const text = zip.readAsText('manifest.json');
      assert.ok(!text.includes('${{'), 'a placeholder was left in manifest.json');
      const manifest = JSON.parse(text);
      assert.equal(manifest.id, APP_ID);
      assert.deepEqual(validateManifest(manifest), []);
      for (const icon of ['color.png', 'outline.png']) {
        assert.ok(zip.readFile(icon)?.equals(fs.readFileSync(path.join(APP_PACKAGE_DIR, icon))), `${icon} differs`);
      }
    });

    it('the CLI exits 1 with a one-line hint when MicrosoftAppId is missing', () => {
      const env = { ...process.env };
      delete env.MicrosoftAppId;
      // cwd is the empty temp dir so that no .env file supplies the id.
      const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'scripts', 'packageApp.js')], { cwd: outDir, env, encoding: 'utf8' });
      assert.equal(run.status, 1);
      assert.match(run.stderr.trim(), /^[^\n]*set MicrosoftAppId \(in the environment or \.env\)[^\n]*$/);
    });
  });
});
