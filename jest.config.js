// `npm test` runs every project's tests in one Jest process, so the two cores are shared
// by worker processes rather than by competing Jest instances. `npx nx test <project>`
// runs one project's tests.
module.exports = {
  projects: [
    '<rootDir>/libs/*/jest.config.js',
    '<rootDir>/services/*/jest.config.js',
    // The deployment's manifests checked against the Kubernetes schemas, and the short chaos run.
    '<rootDir>/deploy/jest.config.js',
    '<rootDir>/chaos/jest.config.js',
  ],
  // A global option (ignored in project configs): integration and browser tests boot real
  // services on two shared cores, so a test may take far longer than Jest's default 5 s.
  testTimeout: 120_000,
  // A worker that has run many files holds what they leaked (module registries, an app whose
  // start outlived its timed-out hook): one grew to its 4 GB heap limit and spent a quarter of an
  // hour collecting garbage on a one-line test. Past this after a file, the worker is replaced.
  workerIdleMemoryLimit: '1500MB',
};
