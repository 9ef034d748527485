// What PabulibAnalysisPool's worker thread runs: the pure analysis of a Pabulib file, away from
// the service's event loop. Only plain data crosses the thread boundary, so a format error comes
// back as its line and reason (an Error thrown here would arrive without them).
import { PabulibFormatError, analysePabulib, type PabulibAnalysis, type ResultRule } from '../domain';

export interface PabulibAnalysisTask {
  text: string;
  rule: ResultRule;
  maxBytes: number;
}

export type PabulibAnalysisOutcome = { analysis: PabulibAnalysis } | { formatError: { line: number; reason: string } };

export default function analysePabulibTask({ text, rule, maxBytes }: PabulibAnalysisTask): PabulibAnalysisOutcome {
  try {
    return { analysis: analysePabulib(text, rule, { maxBytes }) };
  } catch (error) {
    if (error instanceof PabulibFormatError) return { formatError: { line: error.line, reason: error.reason } };
    throw error;
  }
}
