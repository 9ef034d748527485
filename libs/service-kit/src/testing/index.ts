export { startServiceTestApp, type ServiceTestApp, type ServiceTestAppOptions } from './service-test-app';
