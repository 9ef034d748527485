export { testNamespace } from './test-namespace';
export { StreamReader } from './stream-reader';
export { waitFor } from './wait-for';
