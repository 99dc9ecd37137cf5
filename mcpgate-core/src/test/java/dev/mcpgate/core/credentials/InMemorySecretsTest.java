package dev.mcpgate.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InMemorySecretsTest {

  private final InMemorySecrets memory = new InMemorySecrets();
  private final CredentialBinding binding =
      CredentialBinding.of("demo", AuthKind.API_KEY, "memory:demo");

  private CredentialResolution resolve() {
    return memory.resolve(binding, CallerContext.anonymous());
  }

  @Test
  void aPutSecretResolvesUntilRemoved() {
    memory.put("demo", "k-1");
    assertThat(((CredentialResolution.Resolved) resolve()).secret().reveal()).isEqualTo("k-1");

    memory.put("demo", "k-2");
    assertThat(((CredentialResolution.Resolved) resolve()).secret().reveal()).isEqualTo("k-2");

    assertThat(memory.remove("demo")).isTrue();
    assertThat(resolve())
        .isEqualTo(
            new CredentialResolution.Unavailable(
                CredentialStatus.MISSING,
                "binding demo: no secret named demo in the in-memory store"));
    assertThat(memory.remove("demo")).isFalse();
  }

  @Test
  void secretsWithPartsAreKeptWhole() {
    memory.put("demo", Secret.ofParts(Map.of("username", "u", "password", "p")));
    assertThat(((CredentialResolution.Resolved) resolve()).secret().reveal("password"))
        .isEqualTo("p");
  }

  @Test
  void emptyNamesAreRefused() {
    assertThatThrownBy(() -> memory.put("", "v")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aReferenceForAnotherStoreIsAnError() {
    assertThat(
            memory
                .resolve(
                    CredentialBinding.of("demo", AuthKind.API_KEY, "env:demo"),
                    CallerContext.anonymous())
                .status())
        .isEqualTo(CredentialStatus.ERROR);
  }

  @Test
  void putsAndResolvesMayRunConcurrently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int writer = i;
        work.add(
            pool.submit(
                () -> {
                  for (int n = 0; n < 2_000; n++) {
                    memory.put("demo", "value-" + writer + "-" + n);
                    CredentialResolution resolution = resolve();
                    assertThat(resolution.status()).isEqualTo(CredentialStatus.RESOLVED);
                  }
                }));
      }
      for (Future<?> future : work) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(memory.toString()).isEqualTo("InMemorySecrets[1 secrets]");
  }
}
