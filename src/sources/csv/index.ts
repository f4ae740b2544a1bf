/** The CSV source and the helpers it is built from. */
export { CsvSource, type CsvSourceTuning } from './csv-source.js';
export {
  csvSourceConfigSchema,
  parseCsvSourceConfig,
  csvEncodings,
  csvDelimiters,
  type CsvEncoding,
  type CsvDelimiter,
  type CsvSourceConfig,
  type CsvSourceConfigInput,
} from './csv-source-config.js';
export { detectDelimiter, countDelimiters, headerLine } from './csv-delimiter.js';
export { sniffEncoding, scanUtf8, type EncodingSniff, type Utf8Scan } from './csv-encoding.js';
