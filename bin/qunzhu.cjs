#!/usr/bin/env node
// The `qunzhu` command: the bundled CLI when built (npm run build), the TypeScript source otherwise.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const root = path.join(__dirname, '..');
const bundled = path.join(root, 'dist', 'node', 'cli.cjs');
if (fs.existsSync(bundled) && !process.env.QUNZHU_FROM_SOURCE) {
  require(bundled);
} else {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'electron', 'cli', 'qunzhu.ts'), ...process.argv.slice(2)], { stdio: 'inherit', cwd: process.cwd() });
  // Pass stop signals on, so stopping `qunzhu serve` stops the server too.
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}
