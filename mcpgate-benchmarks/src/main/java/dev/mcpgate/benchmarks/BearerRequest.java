package dev.mcpgate.benchmarks;

import dev.mcpgate.api.InboundRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A {@code POST /mcp} with one {@code Authorization: Bearer} header, as a client sends it. */
final class BearerRequest {

  private BearerRequest() {}

  /**
   * The request.
   *
   * @param credential the bearer credential: an API key or a token
   * @return the request
   */
  static InboundRequest of(String credential) {
    List<String> authorization = List.of("Bearer " + credential);
    return new InboundRequest() {
      @Override
      public String method() {
        return "POST";
      }

      @Override
      public String path() {
        return "/mcp";
      }

      @Override
      public @Nullable String header(String name) {
        return name.equalsIgnoreCase("Authorization") ? authorization.get(0) : null;
      }

      @Override
      public List<String> headers(String name) {
        return name.equalsIgnoreCase("Authorization") ? authorization : List.of();
      }
    };
  }
}
