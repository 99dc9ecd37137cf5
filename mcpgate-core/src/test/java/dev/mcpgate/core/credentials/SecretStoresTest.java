package dev.mcpgate.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialBindingResolver;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretStoresTest {

  @TempDir Path root;
  private final InMemorySecrets memory = new InMemorySecrets().put("demo", "from-memory");

  private SecretStores stores() {
    return SecretStores.builder()
        .environment(EnvironmentSecrets.from(Map.of("KEY", "from-env")))
        .files(root)
        .memory(memory)
        .store(
            "vault",
            (binding, caller) ->
                CredentialResolution.resolved(Secret.of("vault:" + binding.secretRefFor(caller))))
        .build();
  }

  private static String value(CredentialResolution resolution) {
    return ((CredentialResolution.Resolved) resolution).secret().reveal();
  }

  private static CallerContext in(String environment) {
    return CallerContext.builder().subject("alice").environment(environment).build();
  }

  @Test
  void eachPrefixGoesToItsStore() throws IOException {
    Files.writeString(root.resolve("key"), "from-file\n");
    SecretStores stores = stores();
    CallerContext caller = CallerContext.anonymous();
    assertThat(value(stores.resolve(CredentialBinding.of("a", AuthKind.BEARER, "env:KEY"), caller)))
        .isEqualTo("from-env");
    assertThat(
            value(stores.resolve(CredentialBinding.of("b", AuthKind.BEARER, "file:key"), caller)))
        .isEqualTo("from-file");
    assertThat(
            value(
                stores.resolve(CredentialBinding.of("c", AuthKind.BEARER, "memory:demo"), caller)))
        .isEqualTo("from-memory");
    assertThat(
            value(
                stores.resolve(
                    CredentialBinding.of("d", AuthKind.BEARER, "vault:kv/stripe"), caller)))
        .isEqualTo("vault:vault:kv/stripe");
  }

  @Test
  void theCallersProfileChoosesTheReference() {
    memory.put("stripe-sandbox", "sk_test").put("stripe-live", "sk_live");
    CredentialBinding binding =
        new CredentialBinding(
            "stripe",
            AuthKind.BEARER,
            "memory:stripe-live",
            Map.of("sandbox", "memory:stripe-sandbox", "production", "memory:stripe-live"),
            Map.of());
    SecretStores stores = stores();

    assertThat(value(stores.resolve(binding, in("sandbox")))).isEqualTo("sk_test");
    assertThat(value(stores.resolve(binding, in("production")))).isEqualTo("sk_live");
    assertThat(value(stores.resolve(binding, CallerContext.anonymous()))).isEqualTo("sk_live");
  }

  @Test
  void aProfileMayPointAtAnotherStore() {
    CredentialBinding binding =
        new CredentialBinding(
            "stripe", AuthKind.BEARER, "memory:demo", Map.of("sandbox", "env:KEY"), Map.of());
    assertThat(value(stores().resolve(binding, in("sandbox")))).isEqualTo("from-env");
    assertThat(value(stores().resolve(binding, in("production")))).isEqualTo("from-memory");
  }

  @Test
  void anUnknownPrefixIsAnError() {
    // A pasted "user:password" looks like a reference with an unknown prefix: the reason names
    // the stores there are, never any part of the reference.
    CredentialResolution pasted = stores().resolve(
        CredentialBinding.of("x", AuthKind.BEARER, "admin7:CANARY-s3cr3t"),
        CallerContext.anonymous());
    assertThat(pasted.status()).isEqualTo(CredentialStatus.ERROR);
    assertThat(pasted.toString()).doesNotContain("admin7").doesNotContain("CANARY");
    assertThat(pasted)
        .isEqualTo(
            new CredentialResolution.Unavailable(
                CredentialStatus.ERROR,
                "binding x: its secret reference names no registered store (stores: env, file, memory, vault)"));
    assertThat(
            stores()
                .resolve(
                    CredentialBinding.of("x", AuthKind.BEARER, "no-prefix"),
                    CallerContext.anonymous())
                .status())
        .isEqualTo(CredentialStatus.ERROR);
  }

  @Test
  void theBuilderRefusesBadOrDuplicatePrefixesAndNoStores() {
    assertThatThrownBy(() -> SecretStores.builder().memory(memory).memory(memory))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already registered");
    assertThatThrownBy(() -> SecretStores.builder().store("Vault:", memory))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lowercase letter");
    assertThatThrownBy(() -> SecretStores.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one");
  }

  /** A resolver that answers with its name and records what it was told was rejected. */
  private static final class Recording implements CredentialBindingResolver {
    final String name;
    final List<String> rejected = new ArrayList<>();

    Recording(String name) {
      this.name = name;
    }

    @Override
    public CredentialResolution resolve(CredentialBinding binding, CallerContext caller) {
      return CredentialResolution.resolved(Secret.of(name + ":" + binding.secretRefFor(caller)));
    }

    @Override
    public void invalidate(CredentialBinding binding, CallerContext caller, Secret rejected) {
      this.rejected.add(binding.id() + "=" + rejected.reveal());
    }
  }

  @Test
  void aKindResolverServesEveryBindingOfItsKindWhateverThePrefix() {
    Recording oauth = new Recording("oauth");
    Recording cookie = new Recording("cookie");
    SecretStores stores =
        SecretStores.builder()
            .memory(memory)
            .kind(AuthKind.OAUTH2, oauth)
            .kind(AuthKind.COOKIE, cookie)
            .build();
    CallerContext caller = CallerContext.anonymous();

    assertThat(value(stores.resolve(CredentialBinding.of("o", AuthKind.OAUTH2, "memory:demo"),
            caller)))
        .isEqualTo("oauth:memory:demo");
    assertThat(value(stores.resolve(CredentialBinding.of("c", AuthKind.COOKIE, "file:crm/"),
            caller)))
        .as("even a prefix with no store")
        .isEqualTo("cookie:file:crm/");
    assertThat(value(stores.resolve(CredentialBinding.of("b", AuthKind.BEARER, "memory:demo"),
            caller)))
        .as("other kinds still go by prefix")
        .isEqualTo("from-memory");
  }

  @Test
  void invalidateGoesToTheResolverThatServedTheBinding() {
    Recording oauth = new Recording("oauth");
    Recording vault = new Recording("vault");
    SecretStores stores =
        SecretStores.builder()
            .memory(memory)
            .store("vault", vault)
            .kind(AuthKind.OAUTH2, oauth)
            .build();
    CallerContext caller = CallerContext.anonymous();

    stores.invalidate(
        CredentialBinding.of("o", AuthKind.OAUTH2, "vault:x"), caller, Secret.of("old-token"));
    stores.invalidate(
        CredentialBinding.of("v", AuthKind.BEARER, "vault:x"), caller, Secret.of("old-key"));
    stores.invalidate(
        CredentialBinding.of("n", AuthKind.BEARER, "aws:x"), caller, Secret.of("nowhere"));

    assertThat(oauth.rejected).containsExactly("o=old-token");
    assertThat(vault.rejected).containsExactly("v=old-key");
  }

  @Test
  void aKindTakesOneResolver() {
    assertThatThrownBy(
            () ->
                SecretStores.builder()
                    .kind(AuthKind.COOKIE, new Recording("a"))
                    .kind(AuthKind.COOKIE, new Recording("b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("auth kind 'cookie' is already registered");
    assertThat(SecretStores.builder().kind(AuthKind.COOKIE, new Recording("a")).build())
        .hasToString("SecretStores[] kinds[cookie]");
  }

  @Test
  void toStringNamesOnlyThePrefixes() {
    assertThat(stores()).hasToString("SecretStores[env, file, memory, vault]");
  }
}
