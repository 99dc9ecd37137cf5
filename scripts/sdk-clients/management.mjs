// The official MCP TypeScript client against `mcpgate serve`'s Management MCP endpoint
// (admin.path + "/mcp" on the admin listener): a viewer lists and calls the reads only; an admin
// plans a client's revocation, applies it, confirms it in the client's elicitation handler (the
// human's form), and the revoked client's next data-plane request is refused; a client without
// elicitation is told to use the UI or the CLI. The Java SDK client's
// ManagementMcpOfficialClientTest checks the same in `mvn verify`.
//
//   node management.mjs <mcpgate.jar>
//
// Run by scripts/sdk-clients.sh, which installs Node 22 and the SDK and copies this file next
// to them (ES modules resolve packages from the importing file's directory).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const [jar] = process.argv.slice(2);
const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';

function check(ok, message) {
  console.log(`${ok ? 'ok  ' : 'FAIL'}  ${message}`);
  if (!ok) {
    process.exitCode = 1;
  }
}

// 1. An upstream on loopback, and a configuration whose objects live in a SQLite store.
const upstream = http.createServer((request, response) => {
  response.writeHead(200, { 'Content-Type': 'application/json' }).end('[{"name":"Rex"}]');
});
await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpgate-sdk-management-'));
const config = path.join(work, 'mcpgate.yaml');
fs.writeFileSync(path.join(work, 'pets.yaml'), `openapi: 3.0.3
info: {title: Pets, version: "1"}
servers: [{url: "http://127.0.0.1:${upstream.address().port}/v1"}]
paths:
  /pets:
    get: {operationId: listPets, summary: List pets, responses: {"200": {description: ok}}}
`);
fs.writeFileSync(config, `sources: []
policy:
  default: allow
upstream:
  allowLoopback: true
  allowHosts: ["127.0.0.1"]
store:
  url: jdbc:sqlite:control.db
admin:
  port: 0
`);

function cli(...args) {
  const run = spawnSync(java, ['-jar', jar, ...args, '--config', config], { encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(`mcpgate ${args.join(' ')} failed:\n${run.stderr}${run.stdout}`);
  }
  return run.stdout;
}
const operator = (name, role) => /mgo_\S+/.exec(cli('operators', 'create', name, '--role', role))[0];

cli('sources', 'import', 'pets', path.join(work, 'pets.yaml'));
cli('sources', 'approve', 'pets');
cli('sources', 'publish', 'pets', '--env', 'production');
cli('clients', 'create', 'agent');
cli('clients', 'add-profile', 'agent', 'production');
cli('clients', 'create', 'other');
const key = JSON.parse(cli('clients', 'issue-key', 'agent', 'production', '--output', 'json'))
  .result.secret;
const viewerToken = operator('vera', 'viewer');
const adminToken = operator('root', 'admin');

// 2. mcpgate serve; the startup lines name both endpoints.
const server = spawn(java, ['-jar', jar, 'serve', '--config', config, '--port', '0'],
  { stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
const endpoints = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('serve did not start:\n' + output)), 60_000);
  const read = (chunk) => {
    output += chunk;
    const data = /MCP endpoint: (\S+)/.exec(output);
    const management = /management MCP: (\S+)/.exec(output);
    if (data && management) {
      clearTimeout(timer);
      resolve({ data: data[1], management: management[1] });
    }
  };
  server.stdout.on('data', read);
  server.stderr.on('data', read);
  server.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
});

/** A connected client; with `elicit`, it declares elicitation and answers with it. */
async function connect(token, elicit) {
  const client = new Client({ name: 'mcpgate-sdk-management', version: '1' },
    elicit ? { capabilities: { elicitation: { form: {} } } } : {});
  if (elicit) {
    client.setRequestHandler(ElicitRequestSchema, async (request) => elicit(request.params));
  }
  await client.connect(new StreamableHTTPClientTransport(new URL(endpoints.management), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  }));
  return client;
}

/** The status of a data-plane initialize with the client's key: 200, or 401 once revoked. */
async function dataPlaneStatus() {
  const response = await fetch(endpoints.data, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      Authorization: `Bearer ${key}`,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {
      protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'agent', version: '1' } } }),
  });
  await response.text();
  return response.status;
}

const clients = [];
try {
  check(await dataPlaneStatus() === 200, 'the client authenticates on the data plane');

  // 3. A viewer: the reads only; a read answers with its data marked untrusted.
  const viewer = await connect(viewerToken);
  clients.push(viewer);
  const viewerTools = (await viewer.listTools()).tools.map((t) => t.name);
  check(viewerTools.includes('listClients') && !viewerTools.includes('revokeClient')
    && !viewerTools.includes('apply'), `viewer lists ${viewerTools.length} tools, reads only`);
  const listed = await viewer.callTool({ name: 'listClients', arguments: {} });
  check(!listed.isError && listed.content[1].text.startsWith('<untrusted-data>')
    && listed.structuredContent?.data?.items?.[0]?.meta?.id === 'agent',
    'viewer calls listClients: the data between <untrusted-data> markers and in structuredContent');

  // 4. An admin: plan the revocation, apply it, the human confirms, and the client is refused.
  const asked = [];
  const admin = await connect(adminToken, (params) => {
    asked.push(params);
    return { action: 'accept', content: { confirm: true } };
  });
  clients.push(admin);
  const adminTools = (await admin.listTools()).tools.map((t) => t.name);
  check(adminTools.includes('revokeClient') && adminTools.includes('apply')
    && adminTools.includes('revokeOperator'), `admin lists ${adminTools.length} tools`);
  const read = await admin.callTool({ name: 'getClient', arguments: { client: 'agent' } });
  const revision = read.structuredContent.data.meta.revision;
  const plan = await admin.callTool({ name: 'revokeClient',
    arguments: { client: 'agent', 'If-Match': String(revision) } });
  check(!plan.isError && plan.structuredContent.planned && plan.structuredContent.needsConfirmation,
    `revokeClient plans (base revision ${plan.structuredContent.baseRevision}), changing nothing`);
  check(await dataPlaneStatus() === 200, 'the client still authenticates after the plan');
  const applied = await admin.callTool({ name: 'apply',
    arguments: { planToken: plan.structuredContent.planToken } });
  check(asked.length === 1 && asked[0].mode === 'form'
    && /Operator root/.test(asked[0].message) && /revokeClient/.test(asked[0].message)
    && /revoked client agent/.test(asked[0].message),
    'apply asks the human through elicitation, naming the operator, the change and what it does');
  check(!applied.isError && applied.structuredContent.applied === true
    && /elicitation/.test(applied.structuredContent.confirmed), 'apply revokes the client once confirmed');
  let status = 0;
  for (let waited = 0; waited <= 2000 && status !== 401; waited += 50) {
    status = await dataPlaneStatus();
    if (status !== 401) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  check(status === 401, "the revoked client's next data-plane request gets 401 (within 2 s)");
  const again = await admin.callTool({ name: 'apply',
    arguments: { planToken: plan.structuredContent.planToken } });
  check(again.isError === true, 'the plan token does not apply twice');
  const changes = await admin.callTool({ name: 'listChanges', arguments: { limit: 1 } });
  const change = changes.structuredContent.data.items[0];
  check(change.surface === 'MCP' && change.actor === 'root' && change.objectId === 'agent',
    'the change log records the revocation with surface mcp and operator root');

  // 5. A client without elicitation cannot confirm: it is told to use the UI or the CLI.
  const unasked = await connect(adminToken);
  clients.push(unasked);
  const other = await unasked.callTool({ name: 'getClient', arguments: { client: 'other' } });
  const otherPlan = await unasked.callTool({ name: 'revokeClient', arguments: {
    client: 'other', 'If-Match': String(other.structuredContent.data.meta.revision) } });
  const unconfirmed = await unasked.callTool({ name: 'apply',
    arguments: { planToken: otherPlan.structuredContent.planToken } });
  check(unconfirmed.isError === true && /admin UI/.test(unconfirmed.content[0].text)
    && /mcpgate CLI/.test(unconfirmed.content[0].text),
    'a client without elicitation gets a refusal naming the admin UI and the CLI');

  // 6. A data-plane key is no operator credential.
  let refused = false;
  try {
    await connect(key);
  } catch (error) {
    refused = /401|nauthori/.test(String(error));
  }
  check(refused, 'a data-plane client key gets 401 at the management endpoint');
} catch (error) {
  check(false, 'client error: ' + (error?.stack ?? error));
} finally {
  for (const client of clients) {
    await client.close().catch(() => {});
  }
  server.kill();
  upstream.close();
}
await new Promise((resolve) => server.on('exit', resolve));
for (const secret of [key, viewerToken, adminToken]) {
  if (output.includes(secret)) {
    check(false, 'a credential appears in serve\'s output');
  }
}
fs.rmSync(work, { recursive: true, force: true });
