/** The human page at `/docs`: every route with who may call it, rendered from the OpenAPI document. No external resources. */
import type { OpenApiDocument } from './openapi-document.js';

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Renders the API reference as one self-contained HTML page.
 *
 * @example
 * reply.type('text/html').send(docsPage(openApiDocument(ROUTES, version)));
 */
export function docsPage(doc: OpenApiDocument): string {
  const paths = doc['paths'] as Record<string, Record<string, Record<string, unknown>>>;
  const rows: string[] = [];
  for (const [path, ops] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const roles = Array.isArray(op['x-antidote-roles']) ? (op['x-antidote-roles'] as string[]).join(', ') : op['security'] ? 'anyone' : 'any signed-in user';
      const action = typeof op['x-antidote-action'] === 'string' ? `<code>${escape(op['x-antidote-action'])}</code><br><small>${escape(String(op['x-antidote-scope'] ?? ''))}</small>` : '';
      const body = op['requestBody'] ? Object.keys((op['requestBody'] as { content: Record<string, unknown> }).content).join(', ') : '';
      rows.push(`<tr><td><b>${method.toUpperCase()}</b></td><td><code>${escape(path)}</code></td><td>${escape(String(op['summary'] ?? ''))}</td><td>${escape(body)}</td><td>${action}</td><td>${escape(roles)}</td></tr>`);
    }
  }
  const info = doc['info'] as { title: string; version: string; description: string };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(info.title)}</title>
<style>body{font:14px/1.45 system-ui,sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:6px 8px;text-align:left;vertical-align:top}th{background:#f4f4f4}code{font-size:13px}</style>
</head><body>
<h1>${escape(info.title)} <small>${escape(info.version)}</small></h1>
<p>${escape(info.description)}</p>
<p>Authenticate with <code>Authorization: Bearer &lt;token&gt;</code>: a session from <code>POST /v1/login</code> or an API token (<code>adt_…</code>). The machine-readable document is at <a href="/docs/openapi.json">/docs/openapi.json</a>.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>What</th><th>Body</th><th>Action</th><th>Roles</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>
</body></html>
`;
}
