package dev.mcpgate.core.credentials;

import dev.mcpgate.testkit.FakeUpstream;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A real login endpoint on loopback (a {@link FakeUpstream}): records what arrived, counts
 * requests, and answers with the status, {@code Set-Cookie} headers and body the test scripted.
 */
final class LoginServer extends ScriptedEndpoint<LoginServer.Received, LoginServer.Answer> {

  /** One request as it arrived. */
  record Received(
      String method, @Nullable String contentType, @Nullable String cookie, String body) {}

  /** One scripted answer. */
  record Answer(int status, List<String> setCookies, String body) {}

  LoginServer() {
    super("/login");
    answer(request -> session("sid=s-" + requests() + "; Path=/; HttpOnly"));
  }

  /** A 200 answer setting these cookies. */
  static Answer session(String... setCookies) {
    return new Answer(200, List.of(setCookies), "{\"ok\":true}");
  }

  @Override
  Received parse(FakeUpstream.RecordedRequest request) {
    return new Received(
        request.method(),
        request.header("Content-Type").orElse(null),
        request.header("Cookie").orElse(null),
        request.bodyText());
  }

  @Override
  FakeUpstream.Answer respond(Answer answer) {
    FakeUpstream.Answer wire = answer(answer.status(), "application/json", answer.body());
    for (String value : answer.setCookies()) {
      wire = wire.withHeader("Set-Cookie", value);
    }
    return answer.status() / 100 == 3
        ? wire.withHeader("Location", "http://127.0.0.1:1/home")
        : wire;
  }
}
