import { z } from 'zod';
import {
  CENTER_ROUTES,
  PROTOCOL_VERSION,
  REQUEST_ACTED_ON_HEADERS,
  REQUEST_COMPONENTS,
  RejectionBodySchema,
  CRL_PATH,
  CRL_TYPE,
  OCSP_PATH,
  OCSP_REQUEST_TYPE,
  OCSP_RESPONSE_TYPE,
  TIMESTAMP_PATH,
  TIMESTAMP_QUERY_TYPE,
  TIMESTAMP_REPLY_TYPE,
  UPLOADS_PATH,
  type RouteDescription,
} from './protocol.ts';

const json = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { target: 'draft-2020-12' }) } });

function operation(route: RouteDescription) {
  const parameters = route.path.includes('{id}') ? [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] : [];
  return {
    summary: route.summary,
    parameters,
    security: [{ httpMessageSignature: [] }],
    ...(route.request === null ? {} : { requestBody: { required: true, content: json(route.request) } }),
    responses: {
      '200': { description: 'OK (signed)', content: json(route.response) },
      '4XX': { description: 'Refused with a machine-readable reason (signed)', content: json(RejectionBodySchema) },
    },
  };
}

/** OpenAPI 3.1 for the center, rendered from the same route table both sides validate with. */
export function centerOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of Object.values(CENTER_ROUTES)) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route) };
  }
  paths[`${UPLOADS_PATH}/{uploadId}`] = {
    description: 'tus 1.0.0 resumable upload (core, creation, termination); signed like every other request',
  };
  paths[TIMESTAMP_PATH] = {
    post: {
      summary: 'RFC 3161 时间戳服务',
      requestBody: { required: true, content: { [TIMESTAMP_QUERY_TYPE]: {} } },
      responses: { '200': { description: 'TimeStampResp (DER)', content: { [TIMESTAMP_REPLY_TYPE]: {} } } },
    },
  };
  paths[CRL_PATH] = {
    get: { summary: '证书吊销列表（CRL）', responses: { '200': { description: 'CRL (DER)', content: { [CRL_TYPE]: {} } } } },
  };
  paths[OCSP_PATH] = {
    post: {
      summary: 'OCSP 证书状态查询',
      requestBody: { required: true, content: { [OCSP_REQUEST_TYPE]: {} } },
      responses: { '200': { description: 'OCSPResponse (DER)', content: { [OCSP_RESPONSE_TYPE]: {} } } },
    },
  };
  return {
    openapi: '3.1.0',
    info: { title: 'SealDesk resource center', version: PROTOCOL_VERSION },
    paths,
    components: {
      securitySchemes: {
        httpMessageSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'Signature',
          description: `RFC 9421 over ${REQUEST_COMPONENTS.join(', ')} (and each of ${REQUEST_ACTED_ON_HEADERS.join(', ')} the request carries) with created, expires, nonce; keyid = SHA-256 of the certificate`,
        },
      },
    },
  };
}
