import type { FuzzRoute } from './fuzz-target';

interface OpenApiParameter {
  name: string;
  in: string;
}
interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown>; $ref?: string } }> };
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of an OpenAPI document as a route to fuzz. */
export function routesOfOpenApi(document: OpenApiDocument): FuzzRoute[] {
  const routes: FuzzRoute[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const parameters = operation.parameters ?? [];
      const declared = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const bodyFields = new Set<string>();
      for (const media of Object.values(operation.requestBody?.content ?? {})) {
        const schema = media.schema?.$ref
          ? document.components?.schemas?.[media.schema.$ref.split('/').pop()!]
          : media.schema;
        Object.keys(schema?.properties ?? {}).forEach((f) => bodyFields.add(f));
      }
      routes.push({
        method: method.toUpperCase(),
        path,
        pathParams: [...new Set([...declared, ...parameters.filter((p) => p.in === 'path').map((p) => p.name)])],
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        bodyFields: [...bodyFields],
        hasBody: method !== 'get' && method !== 'delete' ? true : operation.requestBody !== undefined,
      });
    }
  }
  return routes;
}
