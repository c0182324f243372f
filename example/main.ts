// `npm start`: the intranet example on embedded defaults, or on whatever `.env` / the environment configures.
import { existsSync } from 'node:fs';
import { NomosPortalConfigError } from '../src/index.js';
import { ExampleConfigError } from './config-error.js';
import { startExample } from './start-example.js';

// A missing .env is the normal case: every setting has a development default.
if (existsSync('.env')) process.loadEnvFile('.env');

try {
  const running = await startExample(process.env);
  const stop = (signal: NodeJS.Signals) => {
    void running.close().then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  if (error instanceof ExampleConfigError || error instanceof NomosPortalConfigError) {
    // A configuration refusal is for a person to read: the message alone, no stack.
    console.error(`\nIntranet example not started: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
