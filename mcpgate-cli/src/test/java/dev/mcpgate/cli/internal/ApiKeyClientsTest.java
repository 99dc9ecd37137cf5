package dev.mcpgate.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.api.InboundRequest;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ApiKeyClientsTest {

  private static final ServeConfig.ClientEntry READER = new ServeConfig.ClientEntry(
      "clients[0]", "reader", null, "env:X", "sandbox", "acme", Set.of("pets.read"));
  private static final ServeConfig.ClientEntry OPS = new ServeConfig.ClientEntry(
      "clients[1]", "ops", null, "env:Y", "production", null, Set.of());

  private final List<ApiKeyClients.Client> clients = List.of(
      new ApiKeyClients.Client(ApiKeyClients.callerOf(READER), ApiKeyClients.sha256("reader-key")),
      new ApiKeyClients.Client(ApiKeyClients.callerOf(OPS), ApiKeyClients.sha256("ops-key")));

  private final ApiKeyClients resolver = new ApiKeyClients(clients);

  @Test
  void theRightBearerKeyAuthenticatesItsClient() {
    IdentityResult result = resolver.resolve(request(Map.of("Authorization", "Bearer reader-key")));

    assertThat(result).isInstanceOf(IdentityResult.Authenticated.class);
    CallerContext caller = ((IdentityResult.Authenticated) result).caller();
    assertThat(caller.clientId()).isEqualTo("reader");
    assertThat(caller.environment()).isEqualTo("sandbox");
    assertThat(caller.tenant()).isEqualTo("acme");
    assertThat(caller.scopes()).containsExactly("pets.read");
    assertThat(caller.authMethod()).isEqualTo("apiKey");
    assertThat(caller.tokenId()).isEqualTo("apiKey:reader").doesNotContain("reader-key");
  }

  @Test
  void theBearerSchemeIsCaseInsensitiveAndXApiKeyWorksToo() {
    assertThat(clientOf(resolver.resolve(request(Map.of("Authorization", "bearer ops-key")))))
        .isEqualTo("ops");
    assertThat(clientOf(resolver.resolve(request(Map.of("X-Api-Key", "ops-key")))))
        .isEqualTo("ops");
  }

  @Test
  void aWrongKeyIsRejectedAsInvalid() {
    IdentityResult result = resolver.resolve(request(Map.of("Authorization", "Bearer reader-kez")));

    assertThat(result).isEqualTo(IdentityResult.invalid("unknown API key"));
    assertThat(((IdentityResult.Rejected) result).insufficientScope()).isFalse();
  }

  @Test
  void noKeyIsUnauthenticated() {
    assertThat(resolver.resolve(request(Map.of()))).isEqualTo(IdentityResult.unauthenticated());
    assertThat(resolver.resolve(request(Map.of("Authorization", "Basic cmVhZGVyOmtleQ=="))))
        .isEqualTo(IdentityResult.unauthenticated());
  }

  @Test
  void anEmptyOrHugeKeyIsRejected() {
    assertThat(resolver.resolve(request(Map.of("X-Api-Key", " "))))
        .isInstanceOf(IdentityResult.Rejected.class);
    assertThat(resolver.resolve(request(Map.of("X-Api-Key", "k".repeat(5000)))))
        .isInstanceOf(IdentityResult.Rejected.class);
  }

  @Test
  void everyClientHashIsComparedWhateverMatchesSoTimingRevealsNothing() {
    List<String> compared = new ArrayList<>();
    ApiKeyClients observed = new ApiKeyClients(clients, (expected, presented) -> {
      compared.add(hex(expected));
      return MessageDigest.isEqual(expected, presented);
    });

    assertThat(clientOf(observed.resolve(request(Map.of("X-Api-Key", "reader-key")))))
        .isEqualTo("reader");
    assertThat(compared).containsExactly(
        hex(ApiKeyClients.sha256("reader-key")), hex(ApiKeyClients.sha256("ops-key")));
    compared.clear();
    observed.resolve(request(Map.of("X-Api-Key", "nobody")));
    assertThat(compared).hasSize(2);
  }

  @Test
  void theHashIsTheSha256HexOfTheKeyAsSha256sumPrintsIt() {
    // printf %s abc | sha256sum
    assertThat(ApiKeyClients.sha256Hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void theResolverNeverPrintsAKeyOrHash() {
    assertThat(resolver.toString()).doesNotContain(hex(ApiKeyClients.sha256("reader-key")));
    assertThat(clients.get(0).toString()).isEqualTo("Client[reader]");
  }

  private static @Nullable String clientOf(IdentityResult result) {
    assertThat(result).isInstanceOf(IdentityResult.Authenticated.class);
    return ((IdentityResult.Authenticated) result).caller().clientId();
  }

  private static String hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(bytes);
  }

  private static InboundRequest request(Map<String, String> headers) {
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
        return headers.entrySet().stream()
            .filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
            .map(Map.Entry::getValue).findFirst().orElse(null);
      }

      @Override
      public List<String> headers(String name) {
        String value = header(name);
        return value == null ? List.of() : List.of(value);
      }
    };
  }
}
