// The arrows of /work/shared/DESIGN.md ("Parts" and the paragraph "Arrows point one way") as rules
// that fail `npm run lint:arch`. Each part lists the parts it may import; common/ and errors/ are the
// two shared leaves every part may use. Type-only imports count: a type is a dependency too.

/** A production file: specs and their helpers may reach into test/ for fixtures. */
const notSpec = '\\.spec(-helper)?\\.ts$';

/**
 * Every part, the parts it may import and the DESIGN.md arrow that says so.
 * @type {Record<string, { may: string[], arrow: string }>}
 */
const parts = {
  portal: { may: ['magic-links', 'identity'], arrow: 'portal → magic-links, identity' },
  'magic-links': {
    may: ['customer-links', 'audit', 'nomos-api', 'identity'],
    arrow: 'magic-links → {customer-links, audit, nomos-api}, identity (types)',
  },
  'customer-links': {
    may: ['nomos-api', 'identity'],
    arrow: 'customer-links → database, nomos-api, identity (the person key)',
  },
  saml: {
    may: ['identity'],
    arrow: 'saml → identity only: "saml knows nothing of Nomos, mappings or audit" (nor of portal)',
  },
  identity: { may: [], arrow: 'identity → nothing of Nomos; it is used by saml, portal and magic-links' },
  audit: { may: [], arrow: 'audit → database only' },
  'nomos-api': { may: [], arrow: 'nomos-api → the Nomos API only; it knows nothing of the other parts' },
  provisioning: {
    may: ['customer-links', 'identity'],
    arrow: 'provisioning → customer-links, identity (the session revoker)',
  },
  webhooks: {
    may: ['customer-links', 'nomos-api', 'identity'],
    arrow: 'webhooks → customer-links, nomos-api, identity (the signup reference)',
  },
  telemetry: {
    may: [],
    arrow: 'telemetry → common, errors only: a leaf every part may use (DESIGN.md "used by all parts")',
  },
  admin: {
    may: ['customer-links', 'audit', 'identity'],
    arrow: 'admin → customer-links, audit, identity (the signed-in admin and SignedInGuard)',
  },
};

const partNames = Object.keys(parts).join('|');
const leaves = ['common', 'errors', 'telemetry'];

/**
 * One rule per part: any folder under src/ that is not the part itself, a leaf or an allowed part.
 * src/testing/ is left to the rule nothing-imports-testing (only a part's specs may use the kit).
 */
const partRules = Object.entries(parts).map(([part, { may, arrow }]) => ({
  name: `${part}-arrows`,
  severity: 'error',
  comment: `DESIGN.md arrow ${arrow}; every part may also use src/common/ and src/errors/.`,
  // The CLI (src/admin/cli/) is a composition root like the module files: it wires every part itself.
  from: { path: `^src/${part}/`, pathNot: '^src/admin/cli/' },
  to: { path: '^src/[^/]+/', pathNot: `^src/(${[part, ...may, ...leaves, 'testing'].join('|')})/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    ...partRules,
    {
      name: 'part-not-to-root',
      severity: 'error',
      comment:
        'DESIGN.md: "nomos-portal.module.ts wires them ... the root resolves once and fans out". The root ' +
        'files (src/nomos-portal.*.ts, src/index.ts) import the parts, so a part importing one runs an ' +
        'arrow back up. A part takes its slice of the options from its own <part>.options.ts token.',
      from: { path: `^src/(${partNames}|common|errors)/`, pathNot: '^src/admin/cli/' },
      to: { path: '^src/[^/]+\\.ts$' },
    },
    {
      name: 'root-options-import-only-part-options',
      severity: 'error',
      comment:
        'STYLE.md: "each part keeps its option type, defaults and resolver in <part>.options.ts, so no part ' +
        'imports the root options and the root imports no part\'s internals". The root options file composes ' +
        "the parts' option contracts (<part>.options.ts, saml-options.resolve.ts) and nothing else of a part.",
      from: { path: '^src/nomos-portal\\.options\\.ts$' },
      to: { path: `^src/(${partNames})/`, pathNot: '^src/[^/]+/[^/]*options[^/]*\\.ts$' },
    },
    {
      name: 'common-imports-only-errors',
      severity: 'error',
      comment: 'Shared leaf src/common/: small pure helpers that import no part (only src/errors/).',
      from: { path: '^src/common/' },
      to: { path: '^src/[^/]+/', pathNot: '^src/(common|errors)/' },
    },
    {
      name: 'errors-imports-only-common',
      severity: 'error',
      comment: 'Shared leaf src/errors/: the error base, codes, table and filter import no part (only src/common/).',
      from: { path: '^src/errors/' },
      to: { path: '^src/[^/]+/', pathNot: '^src/(common|errors)/' },
    },
    {
      name: 'nomos-api-no-nest-http-or-db',
      severity: 'error',
      comment:
        'DESIGN.md: "nomos-api knows nothing of Nest requests, users or the database". @nestjs/common stays ' +
        'allowed for Logger/LoggerService/Injectable (eslint.config.js forbids its request-bound names there); ' +
        'every other @nestjs package, express, passport and typeorm is out.',
      from: { path: '^src/nomos-api/' },
      to: {
        path: [
          '(^|/)node_modules/@nestjs/(?!common/)',
          '(^|/)node_modules/(@types/)?(express|express-session|passport|typeorm|better-sqlite3|pg)(/|$)',
        ],
      },
    },
    {
      name: 'telemetry-api-only',
      severity: 'error',
      comment:
        'Issue 12: the package depends on @opentelemetry/api only and never installs an SDK; @nestjs/terminus is ' +
        'an optional peer, so no shipped file loads it (the health indicator answers in its result shape).',
      from: { path: '^src/', pathNot: notSpec },
      to: { path: '(^|/)node_modules/(@opentelemetry/(?!api/)|@nestjs/terminus/)' },
    },
    {
      name: 'src-not-to-test-or-example',
      severity: 'error',
      comment:
        'DESIGN.md: tests live in test/, the example host app is "separate from the library code". Shipped ' +
        'files never import either; unit specs and *.spec-helper.ts may use test/ fixtures.',
      from: { path: '^src/', pathNot: notSpec },
      to: { path: '^(test|example|bench)/' },
    },
    {
      name: 'src-not-to-spec',
      severity: 'error',
      comment: 'A shipped file never imports a spec or a spec helper: they are not in dist/ (tsconfig.build.json).',
      from: { path: '^src/', pathNot: notSpec },
      to: { path: notSpec },
    },
    {
      name: 'migrations-standalone',
      severity: 'error',
      comment:
        'DESIGN.md: "Database schema changes live in top-level migrations/", exported on their own ' +
        '(nestjs-nomos-portal/migrations) for a host DataSource: they depend on typeorm only, never on src/.',
      from: { path: '^migrations/' },
      to: { path: '^(src|test|example|bench)/' },
    },
    {
      name: 'host-code-uses-public-api',
      severity: 'error',
      comment:
        'The example and the benchmarks are host apps: they use the package as a host would, through ' +
        "src/index.ts and src/testing/index.ts (the public API and the testing kit, listed by name), never a part's " +
        'internals.',
      from: { path: '^(example|bench)/' },
      to: { path: '^src/', pathNot: '^src/(testing/)?index\\.ts$' },
    },
    {
      name: 'testing-uses-public-api',
      severity: 'error',
      comment:
        'DESIGN.md: testing/ (the shipped kit nestjs-nomos-portal/testing) talks to "the package\'s public API ' +
        'only": src/index.ts and the shared leaves src/common/, src/errors/, never a part\'s internals or a root ' +
        'file behind the index. Its specs may reach further, like every spec.',
      from: { path: '^src/testing/', pathNot: notSpec },
      to: { path: '^src/', pathNot: '^src/(testing|common|errors)/|^src/index\\.ts$' },
    },
    {
      name: 'nothing-imports-testing',
      severity: 'error',
      comment:
        'The testing kit sits on top of the package: no part, shared leaf or root file imports src/testing/ (an ' +
        'arrow back up, and test code in production). Unit specs may use it as a fixture.',
      from: { path: '^src/', pathNot: `^src/testing/|${notSpec}` },
      to: { path: '^src/testing/' },
    },
    {
      name: 'testing-no-test-runner',
      severity: 'error',
      comment:
        'Issue 10: the kit has "no test-runner dependency" and works from Jest (ESM and CJS), Vitest and ' +
        'node:test, so its shipped files import no runner, assertion or runner-bound HTTP helper.',
      from: { path: '^src/testing/', pathNot: notSpec },
      to: {
        path: '(^|/)node_modules/(jest|@jest/|vitest|@vitest/|ts-jest|@types/jest|supertest|@types/supertest)',
      },
    },
    {
      name: 'nothing-imports-the-cli',
      severity: 'error',
      comment:
        'The nomos-portal CLI (src/admin/cli/) is a composition root, like the module wiring: it puts the parts ' +
        'together for a terminal (admin core, customer-links, audit, the SAML metadata and certificate helpers, ' +
        'the root index, migrations). Nothing of the library imports it, so it can never become a dependency.',
      from: { path: '^(src|migrations|example|bench)/', pathNot: '^src/admin/cli/' },
      to: { path: '^src/admin/cli/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'DESIGN.md: "Arrows point one way". A cycle is an arrow back; break it by moving the shared piece ' +
        'to the lower part (or to common/) or by inverting it behind an interface and a token.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to no file: a moved file whose importers were not updated.',
      // The runner's own test plants a broken import on purpose. The host matrix's apps import the
      // package by its name, which resolves only once the matrix has installed the tarball there.
      from: { pathNot: '^test/runner/fixtures/|^test/hosts/' },
      to: { couldNotResolve: true },
    },
    {
      name: 'hosts-use-the-public-api',
      severity: 'error',
      comment:
        'Issue 10: each host app of the matrix (test/hosts/<host>/) is a fresh project that uses the package ' +
        'only as a user would, through nestjs-nomos-portal and its subpaths from the tarball: it imports ' +
        'no file of this repository outside its own folder (no copied or shared code).',
      from: { path: '^test/hosts/([^/]+)/' },
      to: { path: '^(src|migrations|test|example|bench|scripts)/', pathNot: '^test/hosts/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    exclude: { path: '(^|/)(dist|dist-example|dist-bench|coverage|reports|\\.stryker-tmp)/' },
    // Type-only imports (`import type`) are dependencies too: the arrows hold for types.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['types', 'import', 'node', 'default'],
      mainFields: ['types', 'typings', 'main'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
