/**
 * The project's own lint walls (architecture.md): SQL only in repositories and db/, an area of
 * the core reached only through its index.ts, and which top-level folders may import which.
 * Each rule has a test in tests/unit/lint-rules.test.ts that plants a violation and sees it fail.
 */
import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';

const ROOT = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const rel = (abs) => path.relative(ROOT, abs).split(path.sep).join('/');

/** The areas of electron/core: one folder each, reached from outside only through its index.ts. */
export const AREAS = ['groups', 'segments', 'imports', 'inbox', 'roster', 'broadcasts', 'calendar', 'health', 'cases', 'connections', 'workspace'];

const SQL_WORDS = /^\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|PRAGMA|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|WITH|VACUUM|ANALYZE|ATTACH|DETACH|REINDEX)\b/i;
/** A receiver that names a database handle: db, this.db, d.db, ctx.db, workerDb, database, conn. */
const DB_NAME = /(^|[a-z])(db|Db|DB|database|Database|conn|connection)$/;

function receiverName(node) {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') return node.property.name;
  if (node.type === 'ThisExpression') return 'this';
  return null;
}

function literalText(arg) {
  if (!arg) return null;
  if (arg.type === 'Literal' && typeof arg.value === 'string') return arg.value;
  if (arg.type === 'TemplateLiteral') return arg.quasis.map((q) => q.value.cooked ?? '').join('x');
  return null;
}

const sqlOnlyInRepos = {
  meta: {
    type: 'problem',
    docs: { description: 'SQL statements are prepared or executed only in *.repo.ts files and electron/core/db/' },
    messages: {
      sql: "SQL belongs in this area's *.repo.ts (or electron/core/db/): move `.{{method}}(` there and call the repository function from here.",
    },
    schema: [],
  },
  create(context) {
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return;
        const method = callee.property.name;
        if (method === 'prepare') return context.report({ node, messageId: 'sql', data: { method } });
        if (method !== 'exec' && method !== 'pragma') return;
        // RegExp#exec shares the name: a database call is one on a handle named like one, or one given SQL text.
        if (callee.object.type === 'Literal' && callee.object.regex) return;
        const name = receiverName(callee.object);
        const text = literalText(node.arguments[0]);
        if ((name && DB_NAME.test(name)) || (text !== null && SQL_WORDS.test(text))) context.report({ node, messageId: 'sql', data: { method } });
      },
    };
  },
};

function resolveImport(fromFile, spec) {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(fromFile), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    try {
      if (fs.statSync(c).isFile()) return c;
    } catch {
      /* next candidate */
    }
  }
  // Not on disk (a file being written, or lint of planted text): judge by the path itself.
  return /\.[cm]?[jt]sx?$/.test(base) ? base : `${base}.ts`;
}

function importSources(node) {
  if ((node.type === 'ImportDeclaration' || node.type === 'ExportNamedDeclaration' || node.type === 'ExportAllDeclaration') && node.source) return node.source;
  if (node.type === 'ImportExpression' && node.source.type === 'Literal') return node.source;
  return null;
}

const importVisitors = (check) => ({
  ImportDeclaration: check,
  ExportNamedDeclaration: check,
  ExportAllDeclaration: check,
  ImportExpression: check,
  CallExpression(node) {
    if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') check({ type: 'ImportExpression', source: node.arguments[0] });
  },
});

const areaOf = (relPath) => {
  const m = /^electron\/core\/([^/]+)\//.exec(relPath);
  return m && AREAS.includes(m[1]) ? m[1] : null;
};

const areaBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'An area of electron/core is used from outside only through its index.ts' },
    messages: {
      inner: "'{{spec}}' reaches inside the {{area}} area: import what you need from electron/core/{{area}}/index.ts (export it there if it is missing).",
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const mine = areaOf(rel(file));
    return importVisitors((node) => {
      const src = importSources(node);
      if (!src || typeof src.value !== 'string') return;
      const target = resolveImport(file, src.value);
      if (!target) return;
      const r = rel(target);
      const area = areaOf(r);
      if (!area || area === mine) return;
      if (r === `electron/core/${area}/index.ts`) return;
      context.report({ node: src, messageId: 'inner', data: { spec: src.value, area } });
    });
  },
};

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

const importWalls = {
  meta: {
    type: 'problem',
    docs: { description: 'Which top-level folders a folder may import from, and whether it may use Node built-ins' },
    messages: {
      folder: "{{here}} may not import from {{there}}/ ('{{spec}}'): {{why}}",
      node: "{{here}} may not import the Node built-in '{{spec}}': {{why}}",
    },
    schema: [
      {
        type: 'object',
        properties: {
          forbid: { type: 'array', items: { type: 'string' } },
          nodeBuiltins: { type: 'boolean' },
          why: { type: 'string' },
        },
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const opts = context.options[0] ?? {};
    const forbid = opts.forbid ?? [];
    const file = context.filename;
    const here = rel(file).split('/')[0];
    return importVisitors((node) => {
      const src = importSources(node);
      if (!src || typeof src.value !== 'string') return;
      const spec = src.value;
      if (opts.nodeBuiltins === false && NODE_BUILTINS.has(spec)) return context.report({ node: src, messageId: 'node', data: { here, spec, why: opts.why ?? '' } });
      const target = resolveImport(file, spec);
      if (!target) return;
      const there = rel(target).split('/')[0];
      if (forbid.includes(there)) context.report({ node: src, messageId: 'folder', data: { here, there, spec, why: opts.why ?? '' } });
    });
  },
};

export default {
  meta: { name: 'qunzhu' },
  rules: { 'sql-only-in-repos': sqlOnlyInRepos, 'area-boundaries': areaBoundaries, 'import-walls': importWalls },
};
