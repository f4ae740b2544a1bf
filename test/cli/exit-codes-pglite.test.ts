import { exitCodeScenarios } from './exit-code-scenarios.js';

exitCodeScenarios('pglite');
