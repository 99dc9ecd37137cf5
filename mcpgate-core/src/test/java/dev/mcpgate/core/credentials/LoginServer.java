package dev.mcpgate.core.credentials;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A real login endpoint on loopback: records what arrived, counts requests, and answers with the
 * status, {@code Set-Cookie} headers and body the test scripted.
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
  Received parse(HttpExchange exchange) throws IOException {
    return new Received(
        exchange.getRequestMethod(),
        exchange.getRequestHeaders().getFirst("Content-Type"),
        exchange.getRequestHeaders().getFirst("Cookie"),
        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Override
  void respond(HttpExchange exchange, Answer answer) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    answer.setCookies().forEach(value -> exchange.getResponseHeaders().add("Set-Cookie", value));
    if (answer.status() / 100 == 3) {
      exchange.getResponseHeaders().set("Location", "http://127.0.0.1:1/home");
    }
    send(exchange, answer.status(), answer.body());
  }
}
