import { RunningTimeDeadline } from './running-time-deadline';

describe('RunningTimeDeadline', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-12-03T12:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('expires after its period when the process ran all along', () => {
    const expired = jest.fn();
    new RunningTimeDeadline(300, expired);
    jest.advanceTimersByTime(299);
    expect(expired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('gives a fresh period when its timer fires late, as after a pause of the process', () => {
    const expired = jest.fn();
    new RunningTimeDeadline(300, expired);
    // The clock moves 35 s without the timer running (SIGSTOP); then the timer fires late.
    jest.setSystemTime(Date.now() + 35_000);
    jest.advanceTimersByTime(300);
    expect(expired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(300);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('never expires once cleared', () => {
    const expired = jest.fn();
    new RunningTimeDeadline(300, expired).clear();
    jest.advanceTimersByTime(10_000);
    expect(expired).not.toHaveBeenCalled();
  });
});
