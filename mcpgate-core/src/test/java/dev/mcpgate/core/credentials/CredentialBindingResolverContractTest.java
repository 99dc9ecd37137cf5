package dev.mcpgate.core.credentials;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialBindingResolver;
import dev.mcpgate.api.Secret;
import dev.mcpgate.testkit.contract.CredentialBindingResolverContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** Each of core's secret stores honours the credential binding resolver contract. */
class CredentialBindingResolverContractTest {

  private static final String VALUE = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";

  @Nested
  class Memory extends CredentialBindingResolverContract {
    @Override
    protected CredentialBindingResolver resolver() {
      return new InMemorySecrets().put("stripe", VALUE);
    }

    @Override
    protected CredentialBinding resolvable() {
      return CredentialBinding.of("stripe", AuthKind.BEARER, "memory:stripe");
    }

    @Override
    protected Secret expectedSecret() {
      return Secret.of(VALUE);
    }

    @Override
    protected CredentialBinding missing() {
      return CredentialBinding.of("stripe", AuthKind.BEARER, "memory:none");
    }
  }

  @Nested
  class Environment extends CredentialBindingResolverContract {
    @Override
    protected CredentialBindingResolver resolver() {
      return EnvironmentSecrets.from(Map.of("STRIPE_KEY", VALUE));
    }

    @Override
    protected CredentialBinding resolvable() {
      return CredentialBinding.of("stripe", AuthKind.BEARER, "env:STRIPE_KEY");
    }

    @Override
    protected Secret expectedSecret() {
      return Secret.of(VALUE);
    }

    @Override
    protected CredentialBinding missing() {
      return CredentialBinding.of("stripe", AuthKind.BEARER, "env:NO_SUCH_KEY");
    }
  }

  @Nested
  class MountedFiles extends CredentialBindingResolverContract {
    @TempDir Path root;

    @Override
    protected CredentialBindingResolver resolver() {
      try {
        Files.writeString(root.resolve("stripe"), VALUE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return MountedFileSecrets.under(root);
    }

    @Override
    protected CredentialBinding resolvable() {
      return CredentialBinding.of("stripe", AuthKind.BEARER, "file:stripe");
    }

    @Override
    protected Secret expectedSecret() {
      return Secret.of(VALUE);
    }

    @Override
    protected CredentialBinding missing() {
      return CredentialBinding.of("stripe", AuthKind.BEARER, "file:none");
    }
  }

  @Nested
  class Stores extends CredentialBindingResolverContract {
    @Override
    protected CredentialBindingResolver resolver() {
      return SecretStores.builder()
          .memory(new InMemorySecrets().put("stripe", VALUE))
          .environment(EnvironmentSecrets.from(Map.of()))
          .build();
    }

    @Override
    protected CredentialBinding resolvable() {
      return CredentialBinding.of("stripe", AuthKind.BEARER, "memory:stripe");
    }

    @Override
    protected Secret expectedSecret() {
      return Secret.of(VALUE);
    }

    @Override
    protected CredentialBinding missing() {
      return CredentialBinding.of("stripe", AuthKind.BEARER, "env:NO_SUCH_KEY");
    }
  }
}
