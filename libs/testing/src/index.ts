export { testNamespace } from './test-namespace';
export { StreamReader } from './stream-reader';
export { waitFor } from './wait-for';
export * from './fuzz';
export * from './authorization';
