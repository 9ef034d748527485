// `npm test` runs every project's tests in one Jest process, so the two cores are shared
// by worker processes rather than by competing Jest instances. `npx nx test <project>`
// runs one project's tests.
module.exports = {
  projects: ['<rootDir>/libs/*/jest.config.js', '<rootDir>/services/*/jest.config.js'],
};
