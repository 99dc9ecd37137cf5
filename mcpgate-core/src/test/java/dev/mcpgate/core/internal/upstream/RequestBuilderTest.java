package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.core.upstream.UpstreamRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.ParameterBinding;
import dev.mcpgate.api.ParameterBinding.Location;
import dev.mcpgate.core.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

/** Invariant 6: arguments fill values; they never change the scheme, host, port or route. */
class RequestBuilderTest {

  private static final String SERVER = "https://api.example.com/v1";

  private static ObjectNode args(String json) {
    return (ObjectNode) Json.MAPPER.readTree(json);
  }

  private static HttpOperation op(String method, String path, @Nullable String media,
      ParameterBinding... bindings) {
    return new HttpOperation(method, SERVER, path, List.of(bindings), media);
  }

  private static ParameterBinding path(String name) {
    return new ParameterBinding(name, Location.PATH, name, null, null, true);
  }

  private static ParameterBinding query(String name, @Nullable String style,
      @Nullable Boolean explode) {
    return new ParameterBinding(name, Location.QUERY, name, style, explode, false);
  }

  private static UpstreamRequest build(HttpOperation op, String json) {
    return RequestBuilder.build(op, args(json));
  }

  @Test
  void pathParametersFillTheTemplateUnderTheServersPath() {
    UpstreamRequest request = build(op("GET", "/repos/{owner}/{repo}", null,
        path("owner"), path("repo")), "{\"owner\":\"octo\",\"repo\":\"hello-world\"}");

    assertThat(request.uri()).hasToString("https://api.example.com/v1/repos/octo/hello-world");
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.body()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../admin", "a/b", "%2e%2e%2f", "..%2f", "?x=1", "#frag", "a b",
      "@evil.com", "//evil.com", "\\\\evil.com", "https://evil.com/", "..;/x"})
  void aPathParameterIsOneEncodedSegmentAndNeverMovesTheTarget(String value) {
    UpstreamRequest request = build(op("GET", "/items/{id}/details", null, path("id")),
        "{\"id\":" + Json.MAPPER.writeValueAsString(value) + "}");

    assertThat(request.uri().getHost()).isEqualTo("api.example.com");
    assertThat(request.uri().getScheme()).isEqualTo("https");
    assertThat(request.uri().getRawQuery()).isNull();
    assertThat(request.uri().getRawFragment()).isNull();
    String rawPath = request.uri().getRawPath();
    assertThat(rawPath).startsWith("/v1/items/").endsWith("/details");
    String segment = rawPath.substring("/v1/items/".length(), rawPath.length() - "/details".length());
    assertThat(segment).doesNotContain("/", "?", "#", "\\").matches("[A-Za-z0-9._~%-]+");
    assertThat(java.net.URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8))
        .isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {".", ".."})
  void dotSegmentsAreRefusedAsPathValues(String value) {
    assertThatThrownBy(() -> build(op("GET", "/items/{id}", null, path("id")),
        "{\"id\":\"" + value + "\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'id'")
        .hasMessageNotContaining(value + "\"");
  }

  @Test
  void aMissingOrEmptyPathParameterIsRefused() {
    HttpOperation op = op("GET", "/items/{id}", null, path("id"));

    assertThatThrownBy(() -> build(op, "{}")).hasMessageContaining("missing");
    assertThatThrownBy(() -> build(op, "{\"id\":\"\"}")).hasMessageContaining("empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\r\nX-Injected: 1", "a\nb", "a\rb", "a\u0000b", "a\u0085b"})
  void controlCharactersNeverReachAHeader(String value) {
    HttpOperation op = op("GET", "/x", null,
        new ParameterBinding("trace", Location.HEADER, "X-Trace", null, null, false));

    assertThatThrownBy(() -> build(op, "{\"trace\":" + Json.MAPPER.writeValueAsString(value) + "}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("X-Trace")
        .hasMessageNotContaining("Injected");
  }

  @ParameterizedTest
  @ValueSource(strings = {"price in \u20ac", "emoji \ud83d\ude00", "a\u0000b"})
  void aHeaderValueHttpCannotCarryIsARefusalValueNamingTheArgument(String value) {
    HttpOperation op = op("GET", "/x", null,
        new ParameterBinding("trace", Location.HEADER, "X-Trace", null, null, false));

    RequestBuilder.Built built = RequestBuilder.attempt(
        op, args("{\"trace\":" + Json.MAPPER.writeValueAsString(value) + "}"));

    assertThat(built).isInstanceOfSatisfying(RequestBuilder.Built.Refused.class,
        refused -> assertThat(refused.reason()).contains("argument 'trace'", "'X-Trace'")
            .doesNotContain(value));
  }

  @Test
  void aLatin1HeaderValueIsBuilt() {
    HttpOperation op = op("GET", "/x", null,
        new ParameterBinding("trace", Location.HEADER, "X-Trace", null, null, false));

    RequestBuilder.Built built = RequestBuilder.attempt(op, args("{\"trace\":\"caf\u00e9\"}"));

    assertThat(built).isInstanceOfSatisfying(RequestBuilder.Built.Request.class,
        ok -> assertThat(ok.request().headers()).containsExactly(Map.entry("X-Trace", "caf\u00e9")));
  }

  @Test
  void headersAndCookiesCarryTheirValues() {
    HttpOperation op = op("GET", "/x", null,
        new ParameterBinding("trace", Location.HEADER, "X-Trace", null, null, false),
        new ParameterBinding("session", Location.COOKIE, "pref", null, null, false));

    UpstreamRequest request = build(op, "{\"trace\":\"t-1\",\"session\":\"a; b=c\"}");

    assertThat(request.headers()).containsExactly(
        Map.entry("X-Trace", "t-1"), Map.entry("Cookie", "pref=a%3B%20b%3Dc"));
  }

  @Test
  void queryStylesFollowOpenApi() {
    assertThat(build(op("GET", "/s", null, query("tag", null, null)),
        "{\"tag\":[\"a\",\"b c\"]}").uri().getRawQuery()).isEqualTo("tag=a&tag=b%20c");
    assertThat(build(op("GET", "/s", null, query("tag", "form", false)),
        "{\"tag\":[\"a\",\"b\"]}").uri().getRawQuery()).isEqualTo("tag=a,b");
    assertThat(build(op("GET", "/s", null, query("tag", "pipeDelimited", false)),
        "{\"tag\":[\"a\",\"b\"]}").uri().getRawQuery()).isEqualTo("tag=a%7Cb");
    assertThat(build(op("GET", "/s", null, query("tag", "spaceDelimited", false)),
        "{\"tag\":[\"a\",\"b\"]}").uri().getRawQuery()).isEqualTo("tag=a%20b");
    assertThat(build(op("GET", "/s", null, query("filter", "deepObject", true)),
        "{\"filter\":{\"state\":\"open\"}}").uri().getRawQuery()).isEqualTo("filter%5Bstate%5D=open");
    assertThat(build(op("GET", "/s", null, query("page", null, null), query("q", null, null)),
        "{\"page\":2,\"q\":\"a&b=c\"}").uri().getRawQuery()).isEqualTo("page=2&q=a%26b%3Dc");
  }

  @Test
  void absentAndNullArgumentsAreLeftOut() {
    UpstreamRequest request = build(op("GET", "/s", null, query("a", null, null),
        query("b", null, null)), "{\"b\":null}");

    assertThat(request.uri().getRawQuery()).isNull();
  }

  @Test
  void aJsonBodyIsSerializedAsGiven() {
    UpstreamRequest request = build(op("POST", "/pets", "application/json",
        new ParameterBinding("body", Location.BODY, null, null, null, true)),
        "{\"body\":{\"name\":\"Rex\",\"tags\":[\"a\"]}}");

    assertThat(request.contentType()).isEqualTo("application/json");
    assertThat(new String(request.body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"name\":\"Rex\",\"tags\":[\"a\"]}");
  }

  @Test
  void aFormBodyRepeatsArraysAndNestsObjectsWithBrackets() {
    UpstreamRequest request = build(op("POST", "/v1/customers", "application/x-www-form-urlencoded",
        new ParameterBinding("body", Location.BODY, null, null, null, true)),
        "{\"body\":{\"email\":\"a+b@example.com\",\"expand\":[\"x\",\"y\"],"
            + "\"metadata\":{\"order\":\"42\"},\"items\":[{\"price\":\"p_1\"}]}}");

    assertThat(request.contentType()).isEqualTo("application/x-www-form-urlencoded");
    assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo(
        "email=a%2Bb%40example.com&expand=x&expand=y&metadata%5Border%5D=42"
            + "&items%5B0%5D%5Bprice%5D=p_1");
  }

  @Test
  void aMultipartBodyHasOnePartPerField() {
    UpstreamRequest request = build(op("POST", "/upload", "multipart/form-data",
        new ParameterBinding("body", Location.BODY, null, null, null, true)),
        "{\"body\":{\"title\":\"x\",\"meta\":{\"a\":1}}}");

    String boundary = request.contentType().substring(request.contentType().indexOf("=") + 1);
    String text = new String(request.body(), StandardCharsets.UTF_8);
    assertThat(text).contains("--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"")
        .contains("name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"a\":1}")
        .endsWith("--" + boundary + "--\r\n");
  }

  @Test
  void theServerUrlMustBeAnAbsoluteHttpUrlWithoutUserInfo() {
    for (String server : List.of("ftp://x.example.com", "/relative", "https://u:p@x.example.com")) {
      HttpOperation op = new HttpOperation("GET", server, "/x", List.of(), null);
      assertThatThrownBy(() -> RequestBuilder.build(op, args("{}")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining("u:p");
    }
  }

  @Test
  void theRequestsTextFormNeverShowsTheQuery() {
    UpstreamRequest request = build(op("GET", "/s", null, query("q", null, null)),
        "{\"q\":\"private-value\"}");

    assertThat(request.toString()).doesNotContain("private-value").contains("/v1/s");
  }
}
