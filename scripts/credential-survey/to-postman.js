// Converts a deterministic sample of OpenAPI descriptions to Postman collections v2.1 with
// openapi-to-postmanv2, for the credential survey (docs/import.md). Usage:
//   node to-postman.js OPENAPI_DIR OUT_DIR [COUNT]
// Picks every k-th description of the sorted list so that COUNT (default 100) are taken.
const fs = require('fs');
const path = require('path');
const converter = require('openapi-to-postmanv2');

const [dir, out, countArg] = process.argv.slice(2);
const count = Number(countArg || 100);
function walk(d) {
  return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(d, e.name);
    return e.isDirectory() ? walk(p) : e.name.endsWith('.json') ? [p] : [];
  });
}
const all = walk(dir).sort();
const step = Math.max(1, Math.floor(all.length / count));
const sample = all.filter((_, i) => i % step === 0).slice(0, count);
fs.mkdirSync(out, { recursive: true });
let converted = 0;
let failed = 0;
(async () => {
  for (const file of sample) {
    const name = path.relative(dir, file).replace(/[\/]/g, '__');
    if (fs.statSync(file).size > 5 * 1024 * 1024) {
      console.error(`skipped (over 5 MB): ${name}`);
      failed++;
      continue;
    }
    const data = fs.readFileSync(file, 'utf8');
    await new Promise((resolve) => {
      converter.convert({ type: 'string', data }, { folderStrategy: 'Tags' }, (err, result) => {
        if (err || !result.result) {
          console.error(`failed: ${name}: ${err ? err.message : result.reason}`);
          failed++;
        } else {
          fs.writeFileSync(path.join(out, name), JSON.stringify(result.output[0].data));
          converted++;
        }
        resolve();
      });
    });
  }
  console.error(`converted ${converted}, failed ${failed}, of ${sample.length}`);
})();
