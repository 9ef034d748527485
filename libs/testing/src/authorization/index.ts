export { describeAuthorizationMatrix, type MatrixApp, type MatrixTarget } from './authorization-matrix';
export { routesOfNestApp, hasDeclaredPolicy, type NestRoute, type RoutePolicy } from './nest-routes';
export { attackerTokens, type AttackerTokens } from './attacker-tokens';
