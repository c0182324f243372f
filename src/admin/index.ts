// The admin part: the import/export core (Nest-free, for the CLI and scripts) and the opt-in admin
// HTTP API. Public names are re-exported by src/index.ts.
export { adminCore, type AdminCore } from './admin-core.js';
export { importMappings, type ImportTarget } from './mapping-import.js';
export {
  IMPORT_MODES,
  type ImportMode,
  type ImportOptions,
  type ImportProgress,
  type ImportRowError,
  type ImportSummary,
} from './import-types.js';
export {
  exportMappingsCsv,
  listMappings,
  MAPPING_EXPORT_COLUMNS,
  mappingRows,
  type MappingListQuery,
  type MappingPage,
} from './mapping-export.js';
export { AUDIT_EXPORT_COLUMNS, auditRows, exportAudit, type AuditExportFormat } from './audit-export.js';
export {
  AdminAccessDeniedError,
  AdminImportTooLargeError,
  AdminRequestRefusedError,
  InvalidAdminRequestError,
} from './admin.errors.js';
export type { AdminOptions, ResolvedAdminOptions } from './admin.options.js';
