package dev.mcpgate.core.internal.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** "Same origin" has one answer: scheme, host and effective port, default ports known once. */
class OriginTest {

  @Test
  void aUrlWithoutAPortHasItsSchemesDefault() {
    assertThat(Origin.of(URI.create("https://API.example.com/v1")))
        .isEqualTo(new Origin("https", "api.example.com", 443));
    assertThat(Origin.of(URI.create("http://api.example.com")).port()).isEqualTo(80);
  }

  @Test
  void anExplicitDefaultPortIsTheSameOrigin() {
    assertThat(Origin.same(URI.create("https://api.example.com/a"),
        URI.create("HTTPS://api.EXAMPLE.com:443/b?x=1"))).isTrue();
  }

  @Test
  void anotherSchemeHostOrPortIsAnotherOrigin() {
    URI origin = URI.create("https://api.example.com/");

    assertThat(Origin.same(origin, URI.create("http://api.example.com/"))).isFalse();
    assertThat(Origin.same(origin, URI.create("https://evil.example.com/"))).isFalse();
    assertThat(Origin.same(origin, URI.create("https://api.example.com:8443/"))).isFalse();
    assertThat(Origin.same(origin, URI.create("/relative"))).isFalse();
  }

  @Test
  void theHostHeaderNamesThePortOnlyWhenItIsNotTheDefault() {
    assertThat(new Origin("https", "api.example.com", 443).hostHeader())
        .isEqualTo("api.example.com");
    assertThat(new Origin("http", "[::1]", 8080).hostHeader()).isEqualTo("[::1]:8080");
  }

  @Test
  void onlyHttpAndHttpsHaveOrigins() {
    assertThatThrownBy(() -> Origin.of(URI.create("ftp://files.example.com/")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Origin.defaultPort("ws")).isInstanceOf(IllegalArgumentException.class);
  }
}
