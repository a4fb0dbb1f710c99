// The real language server started as the DockML extension starts it: rule documentation links to rendered
// `dockml-rule:` pages (diagnostics) and to the show-documentation command (hovers), and the build requests name the
// Compose services that build a Dockerfile with their arguments, target and context.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Hover, MarkupContent } from 'vscode-languageserver';
import { RULE_DOCS_COMMAND, rulePageOf } from '../../server/src/editor/ruleDocs';
import type { ServiceBuild } from '../../server/src/project/serviceBuild';
import { TestClient } from './testClient';

describe('language server started by the extension', () => {
  let client: TestClient;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-links-'));
    client = new TestClient();
    await client.initialize({ initializationOptions: { renderedRuleDocs: true } });
  });
  after(async () => {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('links diagnostics to the rendered rule page and hovers to the command that opens it', async () => {
    const uri = pathToFileURL(path.join(dir, 'docs', 'Dockerfile')).href;
    const diagnostics = await client.open(uri, 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n');
    const finding = diagnostics.find((d) => d.code === 'apt-no-install-recommends')!;
    assert.equal(finding.codeDescription?.href, 'dockml-rule:/apt-no-install-recommends.md');
    assert.equal(rulePageOf(new URL(finding.codeDescription!.href).pathname), 'apt-no-install-recommends');
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: finding.range.start });
    const links = [...(hover?.contents as MarkupContent).value.matchAll(/\[Rule documentation\]\(command:([^?)]*)\?([^)]*)\)/g)];
    assert.ok(links.length > 0, 'the hover links the rule documentation');
    assert.ok(links.every(([, command]) => command === RULE_DOCS_COMMAND));
    assert.ok(links.some(([, , args]) => JSON.parse(decodeURIComponent(args))[0] === 'apt-no-install-recommends'));
  });

  it('names the Compose services that build a Dockerfile, with their args from .env, and resolves one by name', async () => {
    const project = path.join(dir, 'project');
    fs.mkdirSync(path.join(project, 'app'), { recursive: true });
    fs.writeFileSync(path.join(project, 'app', 'Dockerfile'), 'FROM busybox AS base\nARG MODEL\nRUN echo "$MODEL"\nFROM base AS serve\n');
    fs.writeFileSync(path.join(project, '.env'), 'MODEL_NAME=llama-3-8b\n');
    const compose = path.join(project, 'compose.yaml');
    fs.writeFileSync(
      compose,
      [
        'services:',
        '  train:',
        '    build:',
        '      context: ./app',
        '      target: base',
        '      args:',
        '        MODEL: ${MODEL_NAME:-tiny}',
        '  serve:',
        '    build:',
        '      context: ./app',
        '      args: ["MODEL=served-${MODEL_NAME}"]',
        '',
      ].join('\n'),
    );
    const uri = pathToFileURL(path.join(project, 'app', 'Dockerfile')).href;
    await client.open(uri, fs.readFileSync(path.join(project, 'app', 'Dockerfile'), 'utf8'));
    const answer = await client.connection.sendRequest<{ dir: string; services: ServiceBuild[] }>('dockml/buildContext', { uri });
    assert.equal(answer.dir, path.join(project, 'app'));
    assert.deepEqual(
      answer.services.map((s) => [s.service, s.target, s.args, s.dockerfile]),
      [
        ['train', 'base', { MODEL: 'llama-3-8b' }, path.join(project, 'app', 'Dockerfile')],
        ['serve', undefined, { MODEL: 'served-llama-3-8b' }, path.join(project, 'app', 'Dockerfile')],
      ],
    );
    const serve = await client.connection.sendRequest<ServiceBuild | null>('dockml/serviceBuild', { uri: pathToFileURL(compose).href, service: 'serve' });
    assert.equal(serve?.contextDir, path.join(project, 'app'));
    assert.equal(serve?.problem, undefined);
    assert.equal(await client.connection.sendRequest('dockml/serviceBuild', { uri: pathToFileURL(compose).href, service: 'nope' }), null);
  });
});
