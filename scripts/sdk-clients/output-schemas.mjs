// The official MCP TypeScript client against `mcpgate serve`, importing an API whose answers
// match, drift from, are cut from and are not their schema, in each output schema mode (strict,
// lenient, none). Passes when the client raises not one error and each answer arrives as
// mcpgate-cli/src/test/resources/output-schemas/answers.json says (the Java client's test,
// OfficialJavaClientOutputSchemaTest, shares that file).
//
//   node output-schemas.mjs <mcpgate.jar> <fixture directory>
//
// Run by scripts/sdk-clients.sh, which installs Node 22 and the SDK and copies this file next
// to them (ES modules resolve packages from the importing file's directory).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const [jar, fixtures] = process.argv.slice(2);
const answers = JSON.parse(fs.readFileSync(path.join(fixtures, 'answers.json'), 'utf8'));
const key = 'mgk_' + randomBytes(8).toString('hex') + '_' + randomBytes(32).toString('base64url');
const canary = 'canary-' + randomBytes(12).toString('hex');
const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';

function fail(message) {
  console.error('FAIL ' + message);
  process.exitCode = 1;
}

// 1. The upstream, on loopback: /orders/<name> answers as answers.json scripts it.
const upstream = http.createServer((request, response) => {
  const name = request.url.split('?')[0].split('/').pop();
  const spec = answers[name];
  if (!spec) {
    response.writeHead(404).end();
    return;
  }
  const body = spec.repeat ? spec.body.replace('%s', 'x'.repeat(spec.repeat)) : spec.body;
  response.writeHead(spec.status, spec.type ? { 'Content-Type': spec.type } : {});
  response.end(body);
});
await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
const upstreamUrl = `http://127.0.0.1:${upstream.address().port}`;

// 2. mcpgate serve, one source per mode over the same description.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpgate-sdk-clients-'));
fs.copyFileSync(path.join(fixtures, 'orders.yaml'), path.join(work, 'orders.yaml'));
const modes = ['strict', 'lenient', 'none'];
const sources = modes.map((mode) => `
  - id: orders-${mode}
    description: orders.yaml
    baseUrl: ${upstreamUrl}
    approved: true
    toolPrefix: ${mode}
    outputSchemas: ${mode}`).join('');
fs.writeFileSync(path.join(work, 'mcpgate.yaml'), `sources:${sources}
clients:
  - id: agent
    profiles:
      default:
        keys:
          - ref: env:AGENT_KEY
policy:
  default: allow
upstream:
  allowLoopback: true
  maxResponseBytes: 1024
audit:
  output: stdout
`);
const server = spawn(java, ['-jar', jar, 'serve', '--config', path.join(work, 'mcpgate.yaml'),
  '--port', '0'], { env: { ...process.env, AGENT_KEY: key }, stdio: ['ignore', 'pipe', 'pipe'] });
let stdout = '';
let stderr = '';
server.stdout.on('data', (chunk) => { stdout += chunk; });
const endpoint = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('serve did not start:\n' + stderr)), 60_000);
  server.stderr.on('data', (chunk) => {
    stderr += chunk;
    const found = /MCP endpoint: (\S+)/.exec(stderr);
    if (found) {
      clearTimeout(timer);
      resolve(found[1]);
    }
  });
  server.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${stderr}`)));
});

// 3. The client: every tool of every mode, once.
const client = new Client({ name: 'mcpgate-sdk-clients', version: '1' });
const transport = new StreamableHTTPClientTransport(new URL(endpoint), {
  requestInit: { headers: { Authorization: `Bearer ${key}` } },
});
let clientErrors = 0;
try {
  await client.connect(transport);
  const { tools } = await client.listTools();
  if (tools.length !== 3 * Object.keys(answers).length) {
    fail(`expected ${3 * Object.keys(answers).length} tools, got ${tools.length}`);
  }
  for (const name of Object.keys(answers)) {
    const operation = 'get' + name[0].toUpperCase() + name.slice(1);
    for (const mode of modes) {
      const tool = `${mode}_${operation}`;
      const listed = tools.find((t) => t.name === tool);
      if (!listed || Boolean(listed.outputSchema) !== (mode !== 'none')) {
        fail(`${tool}: listed ${listed ? 'with' : 'without'} the output schema its mode says`);
      }
      let seen;
      try {
        const result = await client.callTool({ name: tool, arguments: {} });
        seen = result.isError ? 'isError' : result.structuredContent ? 'structured' : 'text';
        if (!result.content?.length) {
          fail(`${tool}: no content`);
        }
      } catch (error) {
        clientErrors++;
        seen = `client error ${error.code ?? ''} ${error.message}`;
      }
      const expected = answers[name].expect[mode];
      console.log(`${seen === expected ? 'ok  ' : 'FAIL'}  ${tool.padEnd(20)} ${seen}`);
      if (seen !== expected) {
        process.exitCode = 1;
      }
    }
  }

  // Two refused authentications, no credential and a wrong one (a canary): each a 401, and each
  // an audit line below without the canary.
  for (const authorization of [undefined, `Bearer ${canary}`]) {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
        ...(authorization ? { Authorization: authorization } : {}),
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    if (response.status !== 401) {
      fail(`a request ${authorization ? 'with a wrong' : 'without a'} credential got ${response.status}`);
    }
  }
} finally {
  await client.close().catch(() => {});
  server.kill();
  upstream.close();
}
await new Promise((resolve) => server.on('exit', resolve));

// 4. Standard output held audit events and nothing else, none with a credential.
const lines = stdout.split('\n').filter((line) => line.length > 0);
for (const line of lines) {
  try {
    JSON.parse(line);
  } catch {
    fail('a line on standard output is not JSON: ' + line.slice(0, 80));
  }
}
if (!lines.some((line) => line.includes('"method":"tools/list"'))) {
  fail('no tools/list audit event on standard output');
}
const refusals = lines.filter((line) => line.includes('"method":"authentication"'));
if (refusals.length !== 2) {
  fail(`expected 2 authentication audit lines, got ${refusals.length}`);
}
for (const secret of [key, canary]) {
  if (stdout.includes(secret) || stderr.includes(secret)) {
    fail('a credential appears in the output');
  }
}
fs.rmSync(work, { recursive: true, force: true });
console.log(`typescript sdk client: ${clientErrors} client-side errors; standard output: `
  + `${lines.length} audit JSON lines (${refusals.length} refused authentications), nothing else`);
if (clientErrors > 0) {
  process.exitCode = 1;
}
