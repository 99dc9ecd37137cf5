package dev.mcpgate.core.credentials;

import dev.mcpgate.testkit.FakeUpstream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A real OAuth2 token endpoint on loopback (a {@link FakeUpstream}): records what arrived,
 * counts requests, and answers what the test scripted.
 */
final class TokenServer extends ScriptedEndpoint<TokenServer.Received, TokenServer.Answer> {

  /** One request as it arrived. */
  record Received(
      String method,
      @Nullable String authorization,
      @Nullable String contentType,
      Map<String, String> form) {}

  /** One scripted answer. */
  record Answer(int status, String contentType, String body) {}

  TokenServer() {
    super("/token");
    answer(request -> token("token-1", 3600));
  }

  static Answer token(String accessToken, long expiresIn) {
    return json(
        200,
        "{\"access_token\":\""
            + accessToken
            + "\",\"token_type\":\"Bearer\","
            + "\"expires_in\":"
            + expiresIn
            + "}");
  }

  static Answer json(int status, String body) {
    return new Answer(status, "application/json", body);
  }

  @Override
  Received parse(FakeUpstream.RecordedRequest request) {
    String body = request.bodyText();
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return new Received(
        request.method(),
        request.header("Authorization").orElse(null),
        request.header("Content-Type").orElse(null),
        form);
  }

  @Override
  FakeUpstream.Answer respond(Answer answer) {
    FakeUpstream.Answer wire = answer(answer.status(), answer.contentType(), answer.body());
    return answer.status() / 100 == 3
        ? wire.withHeader("Location", "http://127.0.0.1:1/elsewhere")
        : wire;
  }
}
