package dev.mcpgate.core.credentials;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialBindingResolver;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.Secret;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Resolves references {@code env:NAME} to the value of the environment variable {@code NAME}.
 *
 * <p>A variable that is unset or empty is {@link CredentialStatus#MISSING}, with a reason that
 * names the variable. A reference with another prefix is {@link CredentialStatus#ERROR}.
 *
 * <p>Instances are immutable and thread-safe, provided the environment function is.
 */
public final class EnvironmentSecrets implements CredentialBindingResolver {

  /** The reference prefix this resolver serves, without the colon. */
  public static final String PREFIX = "env";

  private final Function<String, @Nullable String> environment;

  private EnvironmentSecrets(Function<String, @Nullable String> environment) {
    this.environment = environment;
  }

  /**
   * Reads the process environment ({@link System#getenv(String)}).
   *
   * @return the resolver
   */
  public static EnvironmentSecrets system() {
    return new EnvironmentSecrets(System::getenv);
  }

  /**
   * Reads variables from a function, for tests and for environments other than the process's.
   *
   * @param environment variable name to value, or to null when unset; must be thread-safe
   * @return the resolver
   */
  public static EnvironmentSecrets from(Function<String, @Nullable String> environment) {
    return new EnvironmentSecrets(Objects.requireNonNull(environment, "environment"));
  }

  /**
   * Reads variables from a map, for tests.
   *
   * @param variables variable names to values; copied
   * @return the resolver
   */
  public static EnvironmentSecrets from(Map<String, String> variables) {
    Map<String, String> copy = Map.copyOf(variables);
    return new EnvironmentSecrets(copy::get);
  }

  @Override
  public CredentialResolution resolve(CredentialBinding binding, CallerContext caller) {
    String name = References.nameAfter(PREFIX, binding, caller);
    if (name == null || name.isEmpty()) {
      return References.wrongReference(binding, "environment", PREFIX);
    }
    String value = environment.apply(name);
    if (value == null || value.isEmpty()) {
      return CredentialResolution.missing(
          "binding "
              + binding.id()
              + ": environment variable "
              + name
              + (value == null ? " is not set" : " is empty"));
    }
    return CredentialResolution.resolved(Secret.of(value));
  }

  /** Names the store, never a value. */
  @Override
  public String toString() {
    return "EnvironmentSecrets";
  }
}
