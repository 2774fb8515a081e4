/** Export and import of a running Eddy's state: `eddy export`, `eddy start --import`, `--export-on-exit`. */
export { EXPORT_VERSION, ExportFileError } from './export-format.js';
export { EXPORT_PATH, exportFeed, exportLines, exportOnExit, lineType, writeExport } from './state-export.js';
export { importState, type ImportReport } from './state-import.js';
export { COUNTED, countsText, noCounts, type TransferContext, type TransferCounts } from './transfer-context.js';
