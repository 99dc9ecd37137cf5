package dev.mcpgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestRequestTest {

  @Test
  void headersAreMatchedWithoutRegardToCaseAndKeepEveryValue() {
    TestRequest request = TestRequest.bearer("t1").with("authorization", "Bearer t2");

    assertThat(request.header("AUTHORIZATION")).isEqualTo("Bearer t1");
    assertThat(request.headers("Authorization")).containsExactly("Bearer t1", "Bearer t2");
    assertThat(request.header("X-Api-Key")).isNull();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/mcp");
    assertThat(request.clientCertificates()).isEmpty();
  }

  @Test
  void anApiKeyGoesInTheDefaultHeader() {
    assertThat(TestRequest.apiKeyHeader("k").headers("x-api-key")).containsExactly("k");
  }

  @Test
  void withReturnsACopy() {
    TestRequest none = TestRequest.none();
    TestRequest withKey = none.with("X-Api-Key", "k");

    assertThat(none.header("X-Api-Key")).isNull();
    assertThat(withKey.header("x-api-key")).isEqualTo("k");
  }

  @Test
  void methodPathAndRemoteAddressCanBeSet() {
    TestRequest request = TestRequest.none().to("GET", "/api/orders").from("10.0.0.1");

    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.path()).isEqualTo("/api/orders");
    assertThat(request.remoteAddress()).isEqualTo("10.0.0.1");
  }

  @Test
  void itsDescriptionLeavesOutHeaderValues() {
    assertThat(TestRequest.bearer("secret-token").toString())
        .contains("Authorization").doesNotContain("secret-token");
  }
}
