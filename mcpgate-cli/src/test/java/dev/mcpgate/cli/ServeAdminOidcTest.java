package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.cli.internal.ConfigException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mcpgate serve} with {@code admin.oidc}: operators log in to the UI at a real OIDC
 * provider on loopback ({@code mock-oauth2-server}), and the admin API accepts the same
 * provider's access tokens for the operator audience.
 */
class ServeAdminOidcTest {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private static final String CLIENT_SECRET = "canary-ui-client-secret-7f3a";

  @TempDir Path dir;
  MockOAuth2Server idp;
  ServeCommand.@Nullable Running running;
  final Map<String, String> cookies = new LinkedHashMap<>();

  @BeforeEach
  void startProvider() {
    idp = new MockOAuth2Server();
    idp.start();
  }

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
    idp.shutdown();
  }

  Path config(String oidc) throws Exception {
    Path file = dir.resolve("mcpgate.yaml");
    Files.writeString(file, """
        sources: []
        policy:
          default: allow
        store:
          url: jdbc:sqlite:control.db
        admin:
          port: 0
        """ + oidc);
    return file;
  }

  String oidcSection() {
    return """
          oidc:
            issuer: %s
            jwksUrl: %s
            audience: mcpgate-admin
            clientId: mcpgate-ui
            clientSecretRef: env:UI_CLIENT_SECRET
            scopes: ["mcpgate:admin"]
        """.formatted(idp.issuerUrl("operators"), idp.jwksUrl("operators"));
  }

  HttpResponse<String> get(URI uri, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    if (!cookies.isEmpty()) {
      request.header("Cookie", cookies.entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
    }
    headers.forEach(request::header);
    HttpResponse<String> response = HTTP.send(request.build(),
        HttpResponse.BodyHandlers.ofString());
    for (String cookie : response.headers().allValues("Set-Cookie")) {
      String pair = cookie.split(";", 2)[0];
      int eq = pair.indexOf('=');
      if (eq == pair.length() - 1) {
        cookies.remove(pair.substring(0, eq));
      } else {
        cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return response;
  }

  URI location(HttpResponse<String> response) {
    return URI.create(response.headers().firstValue("Location").orElseThrow());
  }

  @Test
  void anOperatorLogsInToTheUiAtTheProviderAndItsTokensCallTheApi() throws Exception {
    Path file = config(oidcSection());
    StringWriter out = new StringWriter();
    running = ServeCommand.start(file, 0, Map.of("UI_CLIENT_SECRET", CLIENT_SECRET)::get,
        new PrintWriter(out, true));
    URI admin = running.adminUri();
    idp.enqueueCallback(new DefaultOAuth2TokenCallback("operators", "oscar", "JWT",
        List.of("mcpgate-admin"), Map.of("scope", "openid mcpgate:admin"), 3600));

    HttpResponse<String> start = get(admin.resolve("login/oidc"), Map.of());
    assertThat(start.statusCode()).isEqualTo(303);
    HttpResponse<String> provider = get(location(start), Map.of());
    assertThat(provider.statusCode()).isEqualTo(302);
    HttpResponse<String> callback = get(location(provider), Map.of());
    assertThat(callback.statusCode()).as(callback.body()).isEqualTo(200);
    HttpResponse<String> overview = get(admin, Map.of());

    assertThat(overview.statusCode()).isEqualTo(200);
    assertThat(overview.body()).contains("oidc:oscar").contains("<span data-role>admin<");
    assertThat(out.toString() + start.body() + callback.body() + overview.body())
        .doesNotContain(CLIENT_SECRET);

    String accessToken = idp.issueToken("operators", "automation",
        new DefaultOAuth2TokenCallback("operators", "ci-bot", "JWT", List.of("mcpgate-admin"),
            Map.of("scope", "mcpgate:viewer"), 3600)).serialize();
    cookies.clear();
    HttpResponse<String> operators = get(admin.resolve("api/v1/operators"),
        Map.of("Authorization", "Bearer " + accessToken));
    assertThat(operators.statusCode()).as(operators.body()).isEqualTo(200);
  }

  @Test
  void badOidcSettingsAreRefusedNamingTheField() throws Exception {
    Path file = config("""
          oidc:
            issuer: http://idp.example.com/realms/ops
            jwksUrl: not a url
            clientSecretRef: plain-text-secret
            wat: 1
        """);

    assertThatThrownBy(() -> ServeCommand.start(file, 0, name -> null,
        new PrintWriter(new StringWriter())))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p).startsWith("admin.oidc.issuer: must be an absolute "
                + "https URI"))
            .anySatisfy(p -> assertThat(p).startsWith("admin.oidc.audience:"))
            .anySatisfy(p -> assertThat(p).startsWith("admin.oidc.clientId:"))
            .anySatisfy(p -> assertThat(p).startsWith("admin.oidc.jwksUrl:"))
            .anySatisfy(p -> assertThat(p).startsWith("admin.oidc.clientSecretRef:"))
            .anySatisfy(p -> assertThat(p).startsWith("admin.oidc.wat: unknown key"))
            .noneSatisfy(p -> assertThat(p).contains("plain-text-secret")));
  }
}
