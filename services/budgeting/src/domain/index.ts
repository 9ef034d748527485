// The budgeting domain rules: pure TypeScript, no I/O. The service's controllers and repositories
// call these; nothing here knows about HTTP, SQL or events.
export * from './eligibility';
export * from './person-key';
export * from './ballot-rules';
export * from './results/election';
export * from './results/greedy';
export * from './results/equal-shares';
export * from './pabulib/pabulib-file';
export * from './staff';
