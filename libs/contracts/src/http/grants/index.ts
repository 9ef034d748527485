/**
 * HTTP contract of the grants part of services/grants (port 3004), under `/grants/…`:
 * the association register, grant rounds and the vuosikello, applications. One file per
 * feature, re-exported here.
 */
export {};
export * from './associations';
export * from './rounds';
export * from './applications';
