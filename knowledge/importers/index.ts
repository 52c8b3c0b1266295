export * from './crawl-tables.js';
export * from './source-record.js';
export { apiDetailSchema, mapApiDetail, portalDetailUrl, type ApiDetail } from './portal-api.js';
export { crawlRecordSchema, mapCrawlRecord, type CrawlRecord } from './portal-crawl.js';
export { indexRecordSchema, mapIndexRecord, type IndexRecord } from './portal-index.js';
export { mergeRecords, SOURCE_PRECEDENCE } from './merge.js';
export * from './import-catalogue.js';
export * from './write-catalogue.js';
export { buildAdminUnitsData, importAdminUnits, type AdminUnitsImport } from './admin-units.js';
