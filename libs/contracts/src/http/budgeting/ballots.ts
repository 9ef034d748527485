// The ballots part of the budgeting contract (see index.ts); filled in with its feature.
export {};
