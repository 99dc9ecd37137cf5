package dev.mcpgate.core.internal.policy;

import dev.mcpgate.api.CallerContext;

/**
 * The outcome of each rule's caller conditions for one caller, filled in as rules are asked.
 * A listing decides thousands of tools for one caller, so each rule's caller side is evaluated
 * once per listing instead of once per tool.
 *
 * <p>Shared between threads without locks, on purpose: an outcome is a pure function of the
 * caller and the rule, so a thread that reads a stale {@link #UNKNOWN} just evaluates the rule
 * again and writes the same value; a byte is written atomically. The caller and the array are
 * final, so a memo seen through a racy reference is seen fully constructed.
 */
final class CallerMemo {

  static final int UNKNOWN = 0;
  static final int YES = 1;
  static final int NO = 2;

  private final CallerContext caller;
  private final byte[] outcomes;

  CallerMemo(CallerContext caller, int rules) {
    this.caller = caller;
    this.outcomes = new byte[rules];
  }

  CallerContext caller() {
    return caller;
  }

  int outcome(int rule) {
    return outcomes[rule];
  }

  void record(int rule, boolean matches) {
    outcomes[rule] = (byte) (matches ? YES : NO);
  }
}
