import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDebouncer } from '../../src/widget/debounce.js';

describe('debounce', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('calls once with the last arguments after the pause', () => {
    const calls: string[] = [];
    const debouncer = createDebouncer((q: string) => calls.push(q), 150);
    debouncer.schedule('h');
    vi.advanceTimersByTime(100);
    debouncer.schedule('he');
    vi.advanceTimersByTime(149);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual(['he']);
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual(['he']);
  });

  it('flush runs the pending call at once, and only once', () => {
    const calls: string[] = [];
    const debouncer = createDebouncer((q: string) => calls.push(q), 150);
    debouncer.schedule('核酸');
    expect(debouncer.isPending()).toBe(true);
    debouncer.flush();
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual(['核酸']);
    expect(debouncer.isPending()).toBe(false);
  });

  it('cancel drops the pending call and flush then does nothing', () => {
    const calls: string[] = [];
    const debouncer = createDebouncer((q: string) => calls.push(q), 150);
    debouncer.schedule('nihao');
    debouncer.cancel();
    debouncer.flush();
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual([]);
  });
});
