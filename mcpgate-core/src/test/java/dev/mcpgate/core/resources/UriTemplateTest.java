package dev.mcpgate.core.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Matching URIs against RFC 6570 level-1 and reserved-expansion templates. */
class UriTemplateTest {

  @Test
  void aSimpleVariableMatchesOneSegment() {
    UriTemplate template = UriTemplate.of("test://template/{id}/data");

    assertThat(template.match("test://template/123/data")).contains(Map.of("id", "123"));
    assertThat(template.match("test://template/1/2/data")).isEmpty();
    assertThat(template.match("test://template//data")).isEmpty();
    assertThat(template.variables()).containsExactly("id");
  }

  @Test
  void valuesArePercentDecodedAsUtf8() {
    UriTemplate template = UriTemplate.of("app://users/{name}");

    assertThat(template.match("app://users/J%C3%BCrgen%20M")).contains(Map.of("name", "Jürgen M"));
  }

  @Test
  void anInvalidUtf8ValueMatchesNothing() {
    assertThat(UriTemplate.of("app://users/{name}").match("app://users/%C3%28")).isEmpty();
  }

  @Test
  void aReservedVariableMatchesSlashes() {
    UriTemplate template = UriTemplate.of("file:///{+path}");

    assertThat(template.match("file:///etc/app/config.yaml"))
        .contains(Map.of("path", "etc/app/config.yaml"));
  }

  @Test
  void severalVariablesKeepTheirOrder() {
    UriTemplate template = UriTemplate.of("app://{tenant}/orders/{id}");

    assertThat(template.match("app://acme/orders/7").orElseThrow().keySet())
        .containsExactly("tenant", "id");
  }

  @Test
  void literalPartsAreNotRegularExpressions() {
    UriTemplate template = UriTemplate.of("app://a.b/{x}?q=(1)");

    assertThat(template.match("app://a.b/y?q=(1)")).contains(Map.of("x", "y"));
    assertThat(template.match("app://aXb/y?q=(1)")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"no-scheme/{x}", "app://{x", "app://x}", "app://{#x}", "app://{x,y}",
      "app://{}", "app://{x}/{x}", "app://{?q}"})
  void unsupportedTemplatesAreRefused(String text) {
    assertThatIllegalArgumentException().isThrownBy(() -> UriTemplate.of(text));
  }
}
