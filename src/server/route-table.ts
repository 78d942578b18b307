/** Every route of the API, in the order the OpenAPI document lists them. */
import type { RouteSpec } from './route-spec.js';
import { ADMIN_ROUTES } from './routes/admin-routes.js';
import { AUTH_ROUTES } from './routes/auth-routes.js';
import { DATASET_ROUTES } from './routes/dataset-routes.js';
import { LEDGER_ROUTES } from './routes/ledger-routes.js';

/** The route table: registered by `createServer`, documented by `openApiDocument`, walked by the access-matrix test. */
export const ROUTES: readonly RouteSpec[] = [...AUTH_ROUTES, ...DATASET_ROUTES, ...LEDGER_ROUTES, ...ADMIN_ROUTES];
