package dev.mcpgate.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialBindingResolver;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.Secret;
import dev.mcpgate.core.upstream.HostResolver;
import dev.mcpgate.core.upstream.TargetPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Credential exchanges go where upstream calls may go, checked the same way: the endpoint must pass
 * the target policy, its host is resolved once by the configured resolver, and only the checked
 * addresses are connected to. A refused endpoint is a credential error that names neither the
 * address nor a secret, and nothing is sent.
 */
class GuardedExchangeTest {

  private static final String HOST = "idp.internal.test";
  private static final String CLIENT_SECRET = "client-secret-never-shown";
  private static final String PASSWORD = "password-never-shown";

  private final TokenServer tokens = new TokenServer();
  private final LoginServer logins = new LoginServer();
  private final InMemorySecrets memory = new InMemorySecrets()
      .put("client", Secret.ofParts(Map.of(
          OAuth2ClientCredentials.CLIENT_ID, "app",
          OAuth2ClientCredentials.CLIENT_SECRET, CLIENT_SECRET)))
      .put("login", Secret.ofParts(Map.of(
          CookieSessionLogin.USERNAME, "alice",
          CookieSessionLogin.PASSWORD, PASSWORD)));
  private final CredentialBindingResolver stored = SecretStores.builder().memory(memory).build();

  @AfterEach
  void stop() {
    tokens.close();
    logins.close();
  }

  /** A resolver that answers one name with one address, as a rebinding DNS server would. */
  private static HostResolver resolving(String address) {
    return host -> {
      if (!host.equals(HOST)) {
        throw new UnknownHostException(host);
      }
      return List.of(InetAddress.getByName(address));
    };
  }

  private static String onHost(String url) {
    return url.replace("127.0.0.1", HOST);
  }

  private static CredentialBinding oauth(String tokenUrl) {
    return new CredentialBinding("billing", AuthKind.OAUTH2, "memory:client", Map.of(),
        Map.of(OAuth2ClientCredentials.TOKEN_URL, tokenUrl));
  }

  private static CredentialBinding cookie(String loginUrl) {
    return new CredentialBinding("crm", AuthKind.COOKIE, "memory:login", Map.of(),
        Map.of(CookieSessionLogin.LOGIN_URL, loginUrl));
  }

  private static String refusal(CredentialResolution resolution) {
    assertThat(resolution.status()).isEqualTo(CredentialStatus.ERROR);
    return ((CredentialResolution.Unavailable) resolution).reason();
  }

  @Test
  void aTokenUrlWhoseNameResolvesToTheMetadataAddressIsRefused() {
    OAuth2ClientCredentials oauth = OAuth2ClientCredentials.builder(stored)
        .targets(TargetPolicy.builder().allowAnyHost().allowLoopback().build())
        .hostResolver(resolving("169.254.169.254"))
        .build();

    String reason = refusal(oauth.resolve(
        oauth("http://" + HOST + "/oauth/token"), CallerContext.anonymous()));

    assertThat(reason).isEqualTo("binding billing: token endpoint http://" + HOST
        + "/oauth/token is not allowed by the target policy");
    assertThat(reason).doesNotContain("169.254").doesNotContain(CLIENT_SECRET);
  }

  @Test
  void aTokenUrlWhoseNameResolvesToARefusedLoopbackAddressSendsNothing() {
    // The name is allowed; the address it resolves to (where a token server listens) is not.
    OAuth2ClientCredentials oauth = OAuth2ClientCredentials.builder(stored)
        .targets(TargetPolicy.builder().allowHost(HOST).build())
        .hostResolver(resolving("127.0.0.1"))
        .build();
    tokens.answer(request -> TokenServer.token("token-1", 3600));

    String reason = refusal(oauth.resolve(oauth(onHost(tokens.url())), CallerContext.anonymous()));

    assertThat(reason).contains("is not allowed by the target policy")
        .doesNotContain("127.0.0.1").doesNotContain(CLIENT_SECRET);
    assertThat(tokens.requests()).as("requests at the token endpoint").isZero();
  }

  @Test
  void theResolvedAddressIsTheOneConnectedTo() {
    OAuth2ClientCredentials oauth = OAuth2ClientCredentials.builder(stored)
        .targets(TargetPolicy.builder().allowHost(HOST).allowLoopback().build())
        .hostResolver(resolving("127.0.0.1"))
        .build();
    tokens.answer(request -> TokenServer.token("token-1", 3600));

    CredentialResolution resolution =
        oauth.resolve(oauth(onHost(tokens.url())), CallerContext.anonymous());

    assertThat(resolution).isInstanceOf(CredentialResolution.Resolved.class);
    assertThat(((CredentialResolution.Resolved) resolution).secret().reveal())
        .isEqualTo("token-1");
    assertThat(tokens.requests()).isEqualTo(1);
  }

  @Test
  void withoutAPolicyAnExchangeReachesOnlyPublicAddresses() {
    OAuth2ClientCredentials oauth = OAuth2ClientCredentials.builder(stored).build();
    tokens.answer(request -> TokenServer.token("token-1", 3600));

    String reason = refusal(oauth.resolve(oauth(tokens.url()), CallerContext.anonymous()));

    assertThat(reason).contains("is not allowed by the target policy");
    assertThat(tokens.requests()).isZero();
  }

  @Test
  void aLoginUrlOnARefusedAddressSendsNoPassword() {
    CookieSessionLogin login = CookieSessionLogin.builder(stored)
        .targets(TargetPolicy.builder().allowHost(HOST).build())
        .hostResolver(resolving("127.0.0.1"))
        .build();
    logins.answer(request -> LoginServer.session("sid=abcdef0123456789; Path=/"));

    String reason = refusal(login.resolve(cookie(onHost(logins.url())), CallerContext.anonymous()));

    assertThat(reason).startsWith("binding crm: login endpoint http://" + HOST)
        .endsWith("is not allowed by the target policy")
        .doesNotContain("127.0.0.1").doesNotContain(PASSWORD);
    assertThat(logins.requests()).as("requests at the login endpoint").isZero();
  }

  @Test
  void withoutAPolicyALoginReachesOnlyPublicAddresses() {
    CookieSessionLogin login = CookieSessionLogin.builder(stored).build();
    logins.answer(request -> LoginServer.session("sid=abcdef0123456789; Path=/"));

    String reason = refusal(login.resolve(cookie(logins.url()), CallerContext.anonymous()));

    assertThat(reason).contains("is not allowed by the target policy");
    assertThat(logins.requests()).isZero();
  }
}
