package dev.mcpgate.core.completion;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Suggested values for an argument, most relevant first.
 *
 * @param values at most {@value #MAX_VALUES} suggestions
 * @param total how many suggestions there are in all, or null if unknown
 * @param hasMore whether there are more than {@code values} holds
 */
public record Completion(List<String> values, @Nullable Integer total, boolean hasMore) {

  /** The most values one completion may carry, as the specification says. */
  public static final int MAX_VALUES = 100;

  /**
   * Validates and copies the fields.
   *
   * @throws IllegalArgumentException if there are more than {@value #MAX_VALUES} values or the
   *     total is smaller than their number
   */
  public Completion {
    values = List.copyOf(values);
    if (values.size() > MAX_VALUES) {
      throw new IllegalArgumentException(
          "a completion carries at most " + MAX_VALUES + " values, had " + values.size());
    }
    if (total != null && total < values.size()) {
      throw new IllegalArgumentException("total " + total + " is less than the values given");
    }
  }

  /**
   * No suggestions.
   *
   * @return the empty completion
   */
  public static Completion none() {
    return new Completion(List.of(), null, false);
  }

  /**
   * The candidates that start with what the user typed (ignoring case), the first {@value
   * #MAX_VALUES} of them, with their total.
   *
   * @param typed what the user typed so far
   * @param candidates every value, most relevant first
   * @return the completion
   */
  public static Completion startingWith(String typed, List<String> candidates) {
    Objects.requireNonNull(typed, "typed");
    List<String> matching = candidates.stream()
        .filter(candidate -> candidate.regionMatches(true, 0, typed, 0, typed.length()))
        .toList();
    List<String> page = matching.size() > MAX_VALUES ? matching.subList(0, MAX_VALUES) : matching;
    return new Completion(page, matching.size(), matching.size() > page.size());
  }
}
