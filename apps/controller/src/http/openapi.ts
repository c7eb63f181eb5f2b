import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiResponse, DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { INestApplication } from '@nestjs/common';
import { z } from 'zod';

/*
 * The OpenAPI document is built from the same zod schemas that validate requests, so the
 * docs cannot drift from what the API accepts.
 */

type SchemaObject = Record<string, unknown>;

/** A zod schema as an OpenAPI 3.0 schema object (input side: what a client sends). */
export function openApiSchema(schema: z.core.$ZodType, io: 'input' | 'output' = 'input'): SchemaObject {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as SchemaObject;
}

/** Documents a JSON request body. */
export const ApiZodBody = (schema: z.core.$ZodType, description?: string): MethodDecorator =>
  ApiBody({ schema: openApiSchema(schema), ...(description === undefined ? {} : { description }) });

/** Documents every field of a zod object schema as a query parameter. */
export function ApiZodQuery(schema: z.ZodObject): MethodDecorator {
  const json = openApiSchema(schema) as { properties?: Record<string, SchemaObject>; required?: string[] };
  const required = new Set(json.required ?? []);
  return applyDecorators(
    ...Object.entries(json.properties ?? {}).map(([name, property]) => ApiQuery({ name, required: required.has(name), schema: property })),
  );
}

/** Documents a response: its status, description and (optionally) its body's schema. */
export const ApiZodResponse = (status: number, description: string, schema?: z.core.$ZodType): MethodDecorator =>
  ApiResponse({ status, description, ...(schema === undefined ? {} : { schema: openApiSchema(schema, 'output') }) });

/** Builds the document and serves it: UI at `/api/docs`, JSON at `/api/docs/openapi.json`. */
export function serveOpenApi(app: INestApplication, version: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Gantry controller API')
    .setDescription('Gateways, enrollment, apps and releases, deployments and rollouts of a Gantry fleet.')
    .setVersion(version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A session token from POST /api/v1/auth/login, or an API token' })
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json', useGlobalPrefix: false });
  return document;
}
