package dev.mcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.Secret;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A secret serialized by a JSON library, as a careless host might, still shows no value. */
class SecretExposureTest {

  private static final String CANARY = "canary-7f3a9c";
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  @Test
  void serializingASecretNeverWritesItsValue() {
    assertNoCanary(() -> MAPPER.writeValueAsString(Secret.of(CANARY)));
    assertNoCanary(() -> MAPPER.writeValueAsString(Secret.ofParts(Map.of("password", CANARY))));
  }

  @Test
  void serializingAResolutionThatHoldsASecretNeverWritesItsValue() {
    assertNoCanary(
        () -> MAPPER.writeValueAsString(CredentialResolution.resolved(Secret.of(CANARY))));
  }

  private static void assertNoCanary(ThrowingSupplier json) {
    String[] written = new String[1];
    Throwable failure = catchThrowable(() -> written[0] = json.get());
    if (failure != null) {
      assertThat(failure.toString()).doesNotContain(CANARY);
    } else {
      assertThat(written[0]).doesNotContain(CANARY);
    }
  }

  @FunctionalInterface
  private interface ThrowingSupplier {
    String get() throws Exception;
  }
}
