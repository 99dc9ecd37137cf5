package dev.mcpgate.admin.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.core.identity.JwtIdentityResolver;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logging in to the UI at the operators' OpenID Connect provider: a real provider on loopback
 * ({@code mock-oauth2-server}), the authorization code flow with PKCE, the session it starts, and
 * the answers it refuses (a forged state, a replayed answer, a token for another audience) with
 * a page saying why.
 */
class AdminUiOidcTest {

  private static final String ISSUER_ID = "operators";
  private static final String AUDIENCE = "mcpgate-admin";

  @TempDir Path dir;
  MockOAuth2Server idp;
  UiServer server;

  @BeforeEach
  void start() throws Exception {
    idp = new MockOAuth2Server();
    idp.start();
    String issuer = idp.issuerUrl(ISSUER_ID).toString();
    JwtIdentityResolver operatorTokens = JwtIdentityResolver.builder()
        .issuer(issuer)
        .jwksUrl(URI.create(idp.jwksUrl(ISSUER_ID).toString()))
        .audience(AUDIENCE)
        .build();
    server = UiServer.start(dir, builder -> builder.oidcLogin(OidcLogin.builder(
            URI.create(issuer), "mcpgate-ui", operatorTokens)
        .clientSecret("ui-client-secret")
        .scope("mcpgate:approver")
        .build()));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    idp.shutdown();
  }

  /** The provider's next tokens: for alice, with this audience and these scopes. */
  void nextTokens(String audience, String scope) {
    idp.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "alice", "JWT",
        List.of(audience), Map.of("scope", scope), 3600));
  }

  /** Starts a login and lets the provider answer: the callback URL it sends the browser to. */
  static URI callbackFromProvider(UiServer.Browser browser) {
    UiServer.Page start = browser.get("login/oidc");
    assertThat(start.status()).isEqualTo(303);
    URI authorization = URI.create(start.header("Location"));
    UiServer.Page provider = browser.visit(authorization);
    assertThat(provider.status()).as(provider.body()).isEqualTo(302);
    return URI.create(provider.header("Location"));
  }

  static void assertRefusedClearly(UiServer.Page page, String why) {
    assertThat(page.status()).isEqualTo(401);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.body()).contains(why).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void theLoginPageOffersTheProviderAndSendsTheBrowserThereWithPkce() {
    UiServer.Browser browser = server.browser();

    assertThat(browser.get("login").body()).contains("Log in with your identity provider");
    UiServer.Page start = browser.get("login/oidc");

    assertThat(start.status()).isEqualTo(303);
    String location = start.header("Location");
    assertThat(location).startsWith(idp.issuerUrl(ISSUER_ID).toString())
        .contains("response_type=code", "client_id=mcpgate-ui", "code_challenge_method=S256",
            "code_challenge=", "state=", "nonce=", "scope=openid+mcpgate%3Aapprover",
            "redirect_uri=" + java.net.URLEncoder.encode(server.base + "login/oidc/callback",
                java.nio.charset.StandardCharsets.UTF_8));
    assertThat(start.headers().get("set-cookie")).anySatisfy(cookie -> assertThat(cookie)
        .startsWith("mcpgate_ui_oidc=").contains("HttpOnly", "SameSite=Lax"));
  }

  @Test
  void aSuccessfulLoginLandsOnTheOverviewAsTheMappedRole() {
    nextTokens(AUDIENCE, "openid mcpgate:approver");
    UiServer.Browser browser = server.browser();

    UiServer.Page callback = browser.visit(callbackFromProvider(browser));

    assertThat(callback.status()).isEqualTo(200);
    assertThat(callback.body()).contains("You are logged in");
    assertThat(callback.headers().get("set-cookie")).anySatisfy(cookie -> assertThat(cookie)
        .startsWith("mcpgate_ui=").contains("HttpOnly", "SameSite=Strict"));
    UiServer.Page overview = browser.get("");
    assertThat(overview.status()).isEqualTo(200);
    assertThat(overview.body()).contains("oidc:alice").contains("<span data-role>approver<");
    assertThat(server.pages).noneSatisfy(page -> assertThat(page.body())
        .contains("ui-client-secret"));

    UiServer.Page logout = browser.post("logout", Map.of("_csrf", overview.csrf()));
    assertThat(logout.status()).isEqualTo(303);
    assertThat(browser.hasSession()).isFalse();
    assertThat(browser.get("").header("Location")).endsWith("/admin/login");
  }

  @Test
  void aForgedStateIsRefused() {
    nextTokens(AUDIENCE, "openid mcpgate:approver");
    UiServer.Browser browser = server.browser();
    URI callback = callbackFromProvider(browser);

    UiServer.Page answer = browser.visit(URI.create(callback.toString()
        .replaceAll("state=[^&]+", "state=forged")));

    assertRefusedClearly(answer, "state is unknown, already used or expired");
    assertThat(browser.hasSession()).isFalse();
  }

  @Test
  void aReplayedCodeIsRefused() {
    nextTokens(AUDIENCE, "openid mcpgate:approver");
    UiServer.Browser browser = server.browser();
    URI callback = callbackFromProvider(browser);
    assertThat(browser.visit(callback).status()).isEqualTo(200);

    UiServer.Browser attacker = server.browser();
    UiServer.Page replayed = attacker.visit(callback);

    assertRefusedClearly(replayed, "already used");
    assertThat(attacker.hasSession()).isFalse();
  }

  @Test
  void anAnswerForAnotherBrowserIsRefused() {
    nextTokens(AUDIENCE, "openid mcpgate:approver");
    URI callback = callbackFromProvider(server.browser());

    UiServer.Browser victim = server.browser();
    UiServer.Page answer = victim.visit(callback);

    assertRefusedClearly(answer, "started in another browser");
    assertThat(victim.hasSession()).isFalse();
  }

  @Test
  void aTokenForAnotherAudienceIsRefused() {
    nextTokens("some-other-api", "openid mcpgate:admin");
    UiServer.Browser browser = server.browser();

    UiServer.Page answer = browser.visit(callbackFromProvider(browser));

    assertRefusedClearly(answer, "not valid for the operator audience");
    assertThat(browser.hasSession()).isFalse();
  }

  @Test
  void aTokenWithoutAnOperatorRoleIsRefused() {
    nextTokens(AUDIENCE, "openid profile");
    UiServer.Browser browser = server.browser();

    UiServer.Page answer = browser.visit(callbackFromProvider(browser));

    assertRefusedClearly(answer, "grants alice no operator role");
  }
}
