// bench/premises.mjs loads the tests' hall from dist by this path, so that the bench and the
// tests cannot drift; the hall itself is libs/testing's premisesSpaceRequest, which the tests use.
export { premisesSpaceRequest as hallRequest } from '@vaikuta/testing';
