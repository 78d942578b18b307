/** The HTTPS API server, its route table and OpenAPI document, the ingest pipeline, and the typed client. */
export { createServer, type AntidoteServer, type ServerOptions, type TlsFiles } from './create-server.js';
export { API_ERROR_CODES, HTTP_STATUS_OF, HTTP_ONLY_ERROR_CODES, ApiError, errorResponse, type ApiErrorBody, type ApiErrorCode } from './api-error.js';
export { ROUTES } from './route-table.js';
export { PATH_PARAMETERS, type RouteAccess, type RouteDeps, type RouteInput, type RouteOutput, type RouteSpec } from './route-spec.js';
export { openApiDocument, type OpenApiDocument } from './openapi-document.js';
export { docsPage } from './docs-page.js';
export { IngestPipeline, heldRowIndices, type Actor, type BatchStatus, type BatchView, type DatasetView, type HeldRow, type QuarantinedBatch, type SnapshotRead } from './ingest-pipeline.js';
export { PipelineCatalog, CATALOG_ACTIONS, vaultDatasetId, type BatchEntry, type DatasetEntry } from './pipeline-catalog.js';
export { parseCsvTable, tableToCsv, type TextTable } from './csv-rows.js';
export { ensureSelfSignedCertificate, certificateFingerprint, type CertificateFiles } from './self-signed-certificate.js';
export { setUpDemoProject, type DemoProject } from './demo-project.js';
export { openLocalAdmin, type LocalAdmin } from './local-admin.js';
export { AntidoteClient, ApiResponseError, type ClientOptions, type PulledSnapshot } from './client/antidote-client.js';
