/** The Secret type lives in src/secret.ts; kept here for the modules that import it from config. */
export { Secret } from '../secret.js';
