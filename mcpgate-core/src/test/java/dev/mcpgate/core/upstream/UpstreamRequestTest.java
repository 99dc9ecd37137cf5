package dev.mcpgate.core.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an upstream request shows when logged. */
class UpstreamRequestTest {

  @Test
  void itsTextShowsMethodHostPortAndPathButNoUserInformationQueryOrHeaders() {
    UpstreamRequest request = new UpstreamRequest("GET",
        URI.create("https://user:pa55word@api.example.com:8443/v1/orders?key=sk_live_123"),
        Headers.of("Authorization", "Bearer tok_123"), null, null);

    assertThat(request.toString())
        .isEqualTo("UpstreamRequest[GET https://api.example.com:8443/v1/orders]")
        .doesNotContain("pa55word", "sk_live_123", "tok_123");
  }
}
