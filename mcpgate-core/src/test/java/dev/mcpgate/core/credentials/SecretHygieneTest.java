package dev.mcpgate.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialBindingResolver;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.Secret;
import dev.mcpgate.testkit.FakeUpstream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 1 for every store: a canary secret planted in it appears in no {@code toString}, no
 * reason of an unavailable credential, no exception message and nothing written to the console
 * (where slf4j-simple logs).
 */
class SecretHygieneTest {

  private static final String CANARY = "CANARY-7f3a9c-do-not-print";

  @TempDir Path root;
  private final List<String> outputs = new ArrayList<>();
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private PrintStream originalErr = System.err;
  private PrintStream originalOut = System.out;

  @BeforeEach
  void captureConsole() {
    originalErr = System.err;
    originalOut = System.out;
    PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8);
    System.setErr(capture);
    System.setOut(capture);
  }

  @AfterEach
  void assertNothingLeaked() {
    System.setErr(originalErr);
    System.setOut(originalOut);
    assertThat(outputs).isNotEmpty();
    assertThat(outputs).noneMatch(output -> output.contains(CANARY));
    assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain(CANARY);
  }

  /** Resolves and records everything a caller could print about the outcome. */
  private CredentialResolution resolve(
      CredentialBindingResolver store, String ref, AuthKind kind, Map<String, String> settings) {
    CredentialResolution resolution =
        store.resolve(
            new CredentialBinding("canary", kind, ref, Map.of(), settings),
            CallerContext.anonymous());
    outputs.add(resolution.toString());
    outputs.add(store.toString());
    if (resolution instanceof CredentialResolution.Resolved resolved) {
      Secret secret = resolved.secret();
      outputs.add(secret.toString());
      outputs.add(String.valueOf(secret.hashCode()));
      outputs.add(String.valueOf(catchThrowable(() -> secret.reveal("no-such-part"))));
      if (!secret.partNames().isEmpty()) {
        outputs.add(String.valueOf(catchThrowable(secret::reveal)));
      }
    } else {
      outputs.add(((CredentialResolution.Unavailable) resolution).reason());
    }
    return resolution;
  }

  private CredentialResolution resolve(CredentialBindingResolver store, String ref) {
    return resolve(store, ref, AuthKind.BEARER, Map.of());
  }

  private static String revealed(CredentialResolution resolution) {
    return ((CredentialResolution.Resolved) resolution).secret().reveal();
  }

  @Test
  void environmentValuesStayHidden() {
    EnvironmentSecrets environment = EnvironmentSecrets.from(Map.of("KEY", CANARY));
    assertThat(revealed(resolve(environment, "env:KEY"))).isEqualTo(CANARY);
    resolve(environment, "env:OTHER");
    resolve(environment, "file:KEY");
  }

  @Test
  void fileContentsStayHidden() throws IOException {
    Files.writeString(root.resolve("key"), CANARY + "\n");
    Path dir = Files.createDirectory(root.resolve("dir"));
    Files.writeString(dir.resolve("password"), CANARY);
    Files.writeString(
        root.resolve("huge"),
        CANARY.repeat(MountedFileSecrets.MAX_FILE_BYTES / CANARY.length() + 1));
    Path outside = Files.createDirectory(root.resolve("outside"));
    Files.writeString(outside.resolve("secret"), CANARY);
    MountedFileSecrets files =
        MountedFileSecrets.under(Files.createDirectory(root.resolve("mounted")));
    Files.move(root.resolve("key"), root.resolve("mounted/key"));
    Files.move(dir, root.resolve("mounted/dir"));
    Files.move(root.resolve("huge"), root.resolve("mounted/huge"));
    Files.createSymbolicLink(root.resolve("mounted/escape"), outside.resolve("secret"));

    assertThat(revealed(resolve(files, "file:key"))).isEqualTo(CANARY);
    resolve(files, "file:dir/");
    resolve(files, "file:huge");
    resolve(files, "file:escape");
    resolve(files, "file:../outside/secret");
    resolve(files, "file:nope");
  }

  @Test
  void inMemoryValuesStayHidden() {
    InMemorySecrets memory =
        new InMemorySecrets()
            .put("key", CANARY)
            .put("parts", Secret.ofParts(Map.of("username", "u", "password", CANARY)));
    assertThat(revealed(resolve(memory, "memory:key"))).isEqualTo(CANARY);
    resolve(memory, "memory:parts");
    resolve(memory, "memory:gone");
    outputs.add(String.valueOf(catchThrowable(() -> memory.put("", CANARY))));
  }

  @Test
  void routedValuesStayHidden() {
    SecretStores stores =
        SecretStores.builder()
            .memory(new InMemorySecrets().put("key", CANARY))
            .environment(EnvironmentSecrets.from(Map.of("KEY", CANARY)))
            .build();
    resolve(stores, "memory:key");
    resolve(stores, "env:KEY");
    resolve(stores, "vault:KEY");
  }

  @Test
  void oauthClientSecretsAndTokensStayHidden() {
    try (TokenServer server = new TokenServer()) {
      InMemorySecrets memory =
          new InMemorySecrets()
              .put(
                  "client",
                  Secret.ofParts(
                      Map.of(
                          OAuth2ClientCredentials.CLIENT_ID,
                          "app",
                          OAuth2ClientCredentials.CLIENT_SECRET,
                          CANARY)));
      OAuth2ClientCredentials oauth =
          OAuth2ClientCredentials.builder(SecretStores.builder().memory(memory).build())
              .targets(ScriptedEndpoint.LOOPBACK).build();
      Map<String, String> settings = Map.of(OAuth2ClientCredentials.TOKEN_URL, server.url());
      String echo = "{\"error\":\"" + CANARY + "\",\"error_description\":\"" + CANARY + "\"}";

      server.answer(request -> TokenServer.token(CANARY, 3600));
      assertThat(revealed(resolve(oauth, "memory:client", AuthKind.OAUTH2, settings)))
          .isEqualTo(CANARY);
      for (int status : new int[] {400, 401, 403, 500}) {
        server.answer(request -> TokenServer.json(status, echo));
        resolve(
            oauth,
            "memory:client",
            AuthKind.OAUTH2,
            Map.of(OAuth2ClientCredentials.TOKEN_URL, server.url(), "scope", "s" + status));
      }
      for (String body :
          List.of(
              CANARY,
              "{\"access_token\":\"x\",\"token_type\":\"" + CANARY + "\"}",
              "{\"access_token\":\"x\",\"expires_in\":\"" + CANARY + "\"}",
              "{\"access_token\":\"" + CANARY + "\",\"expires_in\":0}")) {
        server.answer(request -> TokenServer.json(200, body));
        resolve(
            oauth,
            "memory:client",
            AuthKind.OAUTH2,
            Map.of(OAuth2ClientCredentials.TOKEN_URL, server.url(), "scope", body));
      }
      memory.put("client", CANARY);
      resolve(
          oauth,
          "memory:client",
          AuthKind.OAUTH2,
          Map.of(OAuth2ClientCredentials.TOKEN_URL, server.url(), "scope", "single-valued"));
    }
  }

  @Test
  void cookieLoginPasswordsAndSessionsStayHidden() {
    try (LoginServer server = new LoginServer()) {
      InMemorySecrets memory =
          new InMemorySecrets()
              .put(
                  "login",
                  Secret.ofParts(
                      Map.of(
                          CookieSessionLogin.USERNAME, "u", CookieSessionLogin.PASSWORD, CANARY)));
      CookieSessionLogin login =
          CookieSessionLogin.builder(SecretStores.builder().memory(memory).build())
              .targets(ScriptedEndpoint.LOOPBACK).build();
      SecretStores routed =
          SecretStores.builder()
              .memory(new InMemorySecrets())
              .kind(AuthKind.COOKIE, login)
              .build();
      String echo = "{\"error\":\"bad password " + CANARY + "\"}";

      server.answer(request -> LoginServer.session("sid=" + CANARY + "; Max-Age=600"));
      assertThat(
              revealed(
                  resolve(
                      routed,
                      "memory:login",
                      AuthKind.COOKIE,
                      Map.of(CookieSessionLogin.LOGIN_URL, server.url()))))
          .isEqualTo("sid=" + CANARY);
      for (int status : new int[] {400, 401, 403, 500}) {
        server.answer(
            request -> new LoginServer.Answer(status, List.of("sid=" + CANARY), echo));
        resolve(
            login,
            "memory:login",
            AuthKind.COOKIE,
            Map.of(CookieSessionLogin.LOGIN_URL, server.url(), "case", "s" + status));
      }
      server.answer(request -> LoginServer.session("other=" + CANARY));
      resolve(
          login,
          "memory:login",
          AuthKind.COOKIE,
          Map.of(CookieSessionLogin.LOGIN_URL, server.url(), CookieSessionLogin.COOKIES, "sid"));
      server.answer(request -> LoginServer.session("sid=" + CANARY + "\u0001"));
      resolve(
          login,
          "memory:login",
          AuthKind.COOKIE,
          Map.of(CookieSessionLogin.LOGIN_URL, server.url(), "case", "control"));
      memory.put("login", CANARY);
      resolve(
          login,
          "memory:login",
          AuthKind.COOKIE,
          Map.of(CookieSessionLogin.LOGIN_URL, server.url(), "case", "single-valued"));
    }
  }

  @Test
  void aTeamsOwnStoreCanKeepTheSameRule() {
    try (FakeUpstream vault = FakeUpstream.start()
        .otherwise(FakeUpstream.Answer.json(500, "{\"errors\":[\"" + CANARY + "\"]}"))) {
      VaultKvResolver store = new VaultKvResolver(vault.url(), Secret.of(CANARY));
      resolve(store, "vault:payments/stripe");
    }
  }
}
