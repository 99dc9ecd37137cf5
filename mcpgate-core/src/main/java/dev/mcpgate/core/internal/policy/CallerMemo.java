package dev.mcpgate.core.internal.policy;

import dev.mcpgate.api.CallerContext;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the rules' caller conditions say about one caller, filled in as the index asks: for each
 * rule whether its caller conditions hold, and for each index bucket the rules of the bucket
 * that hold. One caller is decided many times over (a listing view, the two decisions of a
 * call, an explanation), so each bucket is filtered once per caller and later decisions scan
 * only the rules that can match this caller (often none).
 *
 * <p>Shared between threads without locks, on purpose: every entry is a pure function of the
 * caller and the rules, so a thread that reads a stale empty entry computes it again and writes
 * the same value. A byte and a reference are written atomically, and a filtered bucket is
 * published through a final field, so a racy reader sees it complete.
 */
final class CallerMemo {

  private static final byte UNKNOWN = 0;
  private static final byte YES = 1;
  private static final byte NO = 2;

  private final CallerContext caller;
  private final byte[] outcomes;
  private final @Nullable Filtered[] buckets;

  CallerMemo(CallerContext caller, int rules, int buckets) {
    this.caller = caller;
    this.outcomes = new byte[rules];
    this.buckets = new Filtered[buckets];
  }

  CallerContext caller() {
    return caller;
  }

  /** The rules of a bucket whose caller conditions hold for this caller, in bucket order. */
  CompiledRule[] filter(int bucket, CompiledRule[] rules) {
    Filtered known = buckets[bucket];
    if (known != null) {
      return known.rules;
    }
    List<CompiledRule> kept = new ArrayList<>(rules.length);
    for (CompiledRule rule : rules) {
      byte outcome = outcomes[rule.index()];
      if (outcome == UNKNOWN) {
        outcome = rule.matchesCaller(caller) ? YES : NO;
        outcomes[rule.index()] = outcome;
      }
      if (outcome == YES) {
        kept.add(rule);
      }
    }
    Filtered filtered = new Filtered(kept.toArray(new CompiledRule[0]));
    buckets[bucket] = filtered;
    return filtered.rules;
  }

  /** A filtered bucket; the final field makes a racily published instance safe to read. */
  private static final class Filtered {
    final CompiledRule[] rules;

    Filtered(CompiledRule[] rules) {
      this.rules = rules;
    }
  }
}
