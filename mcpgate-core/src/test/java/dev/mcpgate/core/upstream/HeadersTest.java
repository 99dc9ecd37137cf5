package dev.mcpgate.core.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Header fields as a value: ordered, immutable, names compared without regard to case. */
class HeadersTest {

  private final Headers headers = Headers.of(
      "Content-Type", "application/json", "Set-Cookie", "a=1", "set-cookie", "b=2");

  @Test
  void namesAreFoundInAnyCase() {
    assertThat(headers.first("content-type")).hasValue("application/json");
    assertThat(headers.values("SET-COOKIE")).containsExactly("a=1", "b=2");
    assertThat(headers.contains("CONTENT-TYPE")).isTrue();
    assertThat(headers.first("Accept")).isEmpty();
    assertThat(headers.values("Accept")).isEmpty();
  }

  @Test
  void fieldsKeepTheirOrderAndTheCaseTheyWereGivenIn() {
    assertThat(headers).containsExactly(Map.entry("Content-Type", "application/json"),
        Map.entry("Set-Cookie", "a=1"), Map.entry("set-cookie", "b=2"));
    assertThat(headers.size()).isEqualTo(3);
  }

  @Test
  void changesMakeNewHeadersAndLeaveTheOriginalAlone() {
    Headers replaced = headers.with("SET-COOKIE", "c=3");
    Headers added = headers.plus("Accept", "*/*");
    Headers removed = headers.withoutAny(List.of("content-type", "set-cookie"));

    assertThat(replaced.values("Set-Cookie")).containsExactly("c=3");
    assertThat(added.first("accept")).hasValue("*/*");
    assertThat(removed.isEmpty()).isTrue();
    assertThat(headers.size()).isEqualTo(3);
    assertThat(headers.without("X-Absent")).isSameAs(headers);
  }

  @Test
  void equalityIgnoresTheCaseOfNamesButNotOfValues() {
    assertThat(Headers.of("X-Key", "v")).isEqualTo(Headers.of("x-key", "v"))
        .hasSameHashCodeAs(Headers.of("x-key", "v"))
        .isNotEqualTo(Headers.of("X-Key", "V"));
  }

  @Test
  void itsTextShowsNamesButNeverValues() {
    Headers secret = Headers.of("Authorization", "Bearer tok_live_123");

    assertThat(secret.toString()).isEqualTo("Headers[Authorization]").doesNotContain("tok_live");
  }

  @Test
  void aFieldNeedsANameAndAValue() {
    assertThatThrownBy(() -> Headers.of("", "v")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Headers.of("X-Odd")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Headers.copyOf(List.of(new java.util.AbstractMap.SimpleEntry<>(
        "X-Null", (String) null)))).isInstanceOf(NullPointerException.class);
  }
}
