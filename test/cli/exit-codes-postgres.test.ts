import { exitCodeScenarios } from './exit-code-scenarios.js';

exitCodeScenarios('postgres');
