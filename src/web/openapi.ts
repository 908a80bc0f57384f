/** The OpenAPI 3.1 document of the JSON API, derived from the endpoint declarations. */
import { VERSION } from '../version.js';
import type { Endpoint, ParamSpec } from './endpoint.js';
import { ENDPOINTS, JUDGE_PATH, OPENAPI_PATH } from './routes.js';

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const errors = (codes: number[]): Record<string, unknown> => Object.fromEntries(codes.map((c) => [String(c), {
  description: { 400: 'bad parameter or refused query', 401: 'a token is required', 403: 'not allowed on this server', 404: 'nothing matches', 405: 'method not allowed', 500: 'internal error (no details are given)' }[c] ?? 'error',
  content: { 'application/json': { schema: ERROR_REF } },
}]));

function parameter(p: ParamSpec): Record<string, unknown> {
  const schema: Record<string, unknown> = { type: p.type };
  if (p.enum) schema['enum'] = [...p.enum];
  if (p.minimum !== undefined) schema['minimum'] = p.minimum;
  if (p.maximum !== undefined) schema['maximum'] = p.maximum;
  if (p.default !== undefined) schema['default'] = p.default;
  if (p.type === 'string') schema['maxLength'] = p.maxLength ?? 300;
  return { name: p.name, in: 'query', required: !!p.required, description: p.description, schema };
}

function operation(e: Endpoint<unknown>): Record<string, unknown> {
  const params = e.params.map(parameter);
  const content: Record<string, unknown> = { 'application/json': { schema: e.responseSchema } };
  const extra = Object.keys(e.formats ?? {});
  if (e.csv || extra.length) {
    params.push({ name: 'format', in: 'query', required: false, description: `json (default)${e.csv ? '; csv: the page\'s main table, text cells starting with = + - @ tab or CR prefixed with \'' : ''}${extra.length ? `; ${extra.join(', ')}: the rendered document` : ''}`, schema: { type: 'string', enum: ['json', ...(e.csv ? ['csv'] : []), ...extra], default: 'json' } });
    if (e.csv) content['text/csv'] = { schema: { type: 'string' } };
    if (extra.includes('html')) content['text/html'] = { schema: { type: 'string' } };
    if (extra.includes('md')) content['text/markdown'] = { schema: { type: 'string' } };
  }
  if (extra.length) params.push({ name: 'download', in: 'query', required: false, description: '1: send the rendered document as an attachment', schema: { type: 'string', enum: ['1'] } });
  return {
    get: {
      operationId: e.id, summary: e.summary, parameters: params,
      ...(e.page ? { externalDocs: { description: 'the same data as an HTML page', url: e.page } } : {}),
      responses: { 200: { description: 'the data', content }, ...errors([400, 401, 404, 500]) },
    },
  };
}

/** Builds the document (servers relative to wherever the API is served). */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const e of ENDPOINTS) paths[e.api] = operation(e);
  paths[OPENAPI_PATH] = { get: { operationId: 'openapi', summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } } } } };
  paths[JUDGE_PATH] = {
    post: {
      operationId: 'judgeSuggestions',
      summary: 'Accept or reject entity suggestions (the one write path; disabled on a --public server). Families and the graph are recomputed.',
      requestBody: {
        required: true,
        content: Object.fromEntries(['application/json', 'application/x-www-form-urlencoded'].map((t) => [t, { schema: {
          type: 'object', required: ['decision', 'ids', 'csrf'],
          properties: {
            decision: { type: 'string', enum: ['accept', 'reject'] },
            ids: { description: 'suggestion ids (array, or comma/space separated)', oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
            note: { type: 'string', maxLength: 500 },
            csrf: { type: 'string', description: 'the csrfToken given by GET /api/data (also the X-CSRF-Token header)' },
          },
        } }])),
      },
      responses: {
        200: { description: 'judgements stored', content: { 'application/json': { schema: { type: 'object', properties: { judged: { type: 'array', items: { type: 'object' } } } } } } },
        303: { description: 'form posts are redirected to /data' },
        ...errors([400, 401, 403, 404, 500]),
      },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'whosbehind JSON API', version: VERSION,
      description: 'The data of every whosbehind page. Money is an exact decimal string ("-1250.00": negative amounts are de-obligations), never a float; counts are integers; dates are ISO text. Every answer carries the snapshot it was computed from. When the server was started with --token, send `Authorization: Bearer TOKEN`.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Error: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['status', 'message'], properties: { status: { type: 'integer' }, message: { type: 'string' } } } } } },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  };
}
