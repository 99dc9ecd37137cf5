package dev.mcpgate.core.internal.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tool-name globs: {@code *} any run, {@code ?} one character, no regular expressions. */
class GlobTest {

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource({
    "get_*, get_order, true",
    "get_*, get_, true",
    "get_*, list_orders, false",
    "get_*, xget_order, false",
    "*_delete, orders_delete, true",
    "*_delete, orders_delete_all, false",
    "*, anything, true",
    "*, '', true",
    "**, a, true",
    "a*b*c, abc, true",
    "a*b*c, aXbYc, true",
    "a*b*c, aXcYb, false",
    "a*b*c, abcabc, true",
    "a*ab, aab, true",
    "a*ab, ab, false",
    "ab*ba, aba, false",
    "ab*ba, abba, true",
    "get_?, get_a, true",
    "get_?, get_ab, false",
    "get_?, get_, false",
    "?_*_?, a_x_b, true",
    "?_*_?, a__b, true",
    "?_*_?, a_b, false",
    "orders.get, orders.get, true",
    "orders.get, ordersXget, false",
    "*.*, a.b, true",
    "*.*, ab, false"
  })
  void matchesTheWholeName(String glob, String name, boolean expected) {
    assertThat(Glob.compile(glob).matches(name == null ? "" : name)).isEqualTo(expected);
  }

  @Test
  void theLiteralPrefixEndsAtTheFirstWildcard() {
    assertThat(Glob.compile("get_*").literalPrefix()).isEqualTo("get_");
    assertThat(Glob.compile("get?x*").literalPrefix()).isEqualTo("get");
    assertThat(Glob.compile("*_delete").literalPrefix()).isEmpty();
    assertThat(Glob.compile("plain").literalPrefix()).isEqualTo("plain");
  }

  @Test
  void onlyStarsAndQuestionMarksAreWildcards() {
    assertThat(Glob.isGlob("get_*")).isTrue();
    assertThat(Glob.isGlob("get_?")).isTrue();
    assertThat(Glob.isGlob("orders.get")).isFalse();
    assertThat(Glob.compile("a.c").matches("abc")).isFalse();
  }

  @Test
  @Timeout(5)
  void pathologicalGlobsAndNamesMatchInBoundedTime() {
    // A regex translation (a.*a.*a...b) backtracks exponentially on this input; a glob must not.
    String glob = "*a".repeat(60) + "*b";
    String name = "a".repeat(128);
    Glob compiled = Glob.compile(glob);

    long start = System.nanoTime();
    for (int i = 0; i < 10_000; i++) {
      assertThat(compiled.matches(name)).isFalse();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertThat(elapsed).isLessThan(Duration.ofSeconds(2));
    assertThat(Glob.compile("?".repeat(127) + "*").matches(name)).isTrue();
    assertThat(Glob.compile("*?".repeat(100)).matches(name)).isTrue();
    assertThat(Glob.compile("*?".repeat(129)).matches(name)).isFalse();
  }
}
