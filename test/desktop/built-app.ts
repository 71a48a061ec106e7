import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '../..');
export const MAIN_BUNDLE = join(ROOT, 'out/main/index.js');

function newest(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }, 0);
}

/**
 * Makes sure out/ holds a build of the current sources: `npm test` builds first; a test run on its
 * own builds when out/ is missing or older than src-main or src-renderer.
 */
export function ensureBuilt() {
  const built = existsSync(MAIN_BUNDLE) ? statSync(MAIN_BUNDLE).mtimeMs : 0;
  const sources = Math.max(newest(join(ROOT, 'src-main')), newest(join(ROOT, 'src-renderer')));
  const cli = join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js');
  if (built < sources) execFileSync(process.execPath, [cli, 'build'], { cwd: ROOT, stdio: 'pipe' });
}

/** The literal value of an expression, or `undefined` when it is not a plain literal. */
export function literal(node: ts.Expression): unknown {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  return undefined;
}

/** Every property written in an object literal, with its initializer. */
export function properties(object: ts.ObjectLiteralExpression): Map<string, ts.Expression> {
  const map = new Map<string, ts.Expression>();
  for (const p of object.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) {
      map.set(p.name.text, p.initializer);
    }
  }
  return map;
}

/** Every `new <name>(…)` in a JavaScript file, with its first argument. */
export function constructions(file: string, name: string): ts.Expression[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name) {
      found.push(node.arguments?.[0] ?? ts.factory.createIdentifier('undefined'));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Names of every method called anywhere in a JavaScript file (`a.b(…)` gives `b`). */
export function calledMethods(file: string): Set<string> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const names = new Set<string>();
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      names.add(node.expression.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}
