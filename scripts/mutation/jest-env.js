// Runs before each suite under `npm run test:mutation`. scripts/test.mjs normally decides the legs
// and creates the secrets ledger; here no runner does, so decide the same things explicitly:
// - NOMOS_TEST_PG=0: test/support/databases.ts would otherwise probe PostgreSQL at import and run
//   the PostgreSQL leg whenever one answers (slow, and not what the score is measured on);
// - NOMOS_TEST_BROWSER=0: no Chromium (the browser suites are not in the mutation set anyway);
// - no ledger: test/support/runner-ledger.ts is a no-op only when BOTH ledger variables are unset
//   and refuses a half-set or foreign ledger, so an inherited one must not leak in. The log check
//   belongs to `npm test`; mutants only need the assertions.
process.env.NOMOS_TEST_PG = '0';
process.env.NOMOS_TEST_BROWSER = '0';
delete process.env.NOMOS_TEST_SECRETS_FILE;
delete process.env.NOMOS_TEST_LEDGER_TOKEN;
