/**
 * Imports: chat exports read by the parsers in importers/, previewed, then stored as one batch
 * per file in a worker thread (with undo), and the column maps remembered for CSV/XLSX files.
 *
 * Owns the tables `import_batches` and `import_column_maps`, the event `import.progress` and the
 * import worker (jobs/import.worker.ts). Messages and members go in through inbox ingest.
 * Other areas use only what this file exports.
 */
export { importsHandlers } from './imports.handlers';
export { ImportJobs } from './import-jobs';
export { runImportJob, IMPORT_BUSY_TIMEOUT_MS, type ImportJobInput } from './import-job';
export { importFile, hasRunningImport, interruptedImportMessages, recoverInterruptedImports, type RollbackProgress } from './imports.service';
export { headerSignature, rememberColumnMap, rememberedColumnMap } from './column-maps.repo';
