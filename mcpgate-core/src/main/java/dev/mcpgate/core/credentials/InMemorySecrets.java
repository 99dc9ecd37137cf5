package dev.mcpgate.core.credentials;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialBindingResolver;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.CredentialStatus;
import dev.mcpgate.api.Secret;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Resolves references {@code memory:NAME} from secrets put into this store at run time: for tests,
 * demos and secrets a host application obtains itself.
 *
 * <p>A name with no secret is {@link CredentialStatus#MISSING}. Thread-safe: secrets may be put and
 * removed while calls resolve; a resolve sees either the old or the new secret.
 */
public final class InMemorySecrets implements CredentialBindingResolver {

  /** The reference prefix this resolver serves, without the colon. */
  public static final String PREFIX = "memory";

  private final ConcurrentMap<String, Secret> secrets = new ConcurrentHashMap<>();

  /** An empty store. */
  public InMemorySecrets() {}

  /**
   * Stores a secret under a name, replacing any previous one.
   *
   * @param name the name, as in {@code memory:NAME}; not empty
   * @param secret the secret
   * @return this store
   * @throws IllegalArgumentException if {@code name} is empty
   */
  public InMemorySecrets put(String name, Secret secret) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(secret, "secret");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a secret name must not be empty");
    }
    secrets.put(name, secret);
    return this;
  }

  /**
   * Stores a single-valued secret under a name, replacing any previous one.
   *
   * @param name the name, as in {@code memory:NAME}; not empty
   * @param value the secret value; not empty
   * @return this store
   * @throws IllegalArgumentException if {@code name} or {@code value} is empty
   */
  public InMemorySecrets put(String name, String value) {
    return put(name, Secret.of(value));
  }

  /**
   * Removes the secret stored under a name, if any.
   *
   * @param name the name
   * @return true if a secret was removed
   */
  public boolean remove(String name) {
    return secrets.remove(name) != null;
  }

  @Override
  public CredentialResolution resolve(CredentialBinding binding, CallerContext caller) {
    String name = References.nameAfter(PREFIX, binding, caller);
    if (name == null || name.isEmpty()) {
      return References.wrongReference(binding, "in-memory", PREFIX);
    }
    Secret secret = secrets.get(name);
    return secret == null
        ? CredentialResolution.missing(
            "binding " + binding.id() + ": no secret named " + name + " in the in-memory store")
        : CredentialResolution.resolved(secret);
  }

  /** Names the store and how many secrets it holds, never a value or a name. */
  @Override
  public String toString() {
    return "InMemorySecrets[" + secrets.size() + " secrets]";
  }
}
