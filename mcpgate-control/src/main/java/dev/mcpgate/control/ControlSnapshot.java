package dev.mcpgate.control;

import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.policy.PolicyRule;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Everything the data plane needs for one environment, read from the store in one go: the tools
 * of the sources active there (approved, published, selected), the bindings, the clients with
 * their live profiles and key hashes, the policy rules and the limits. Revoked clients, profiles
 * and keys are absent. A data plane holds one snapshot and swaps it whole when a change arrives,
 * so a request never reads the store. Immutable and thread-safe.
 *
 * @param sequence the store's global revision the snapshot reflects
 * @param environment the environment it was built for
 * @param tools the tools served
 * @param bindings the credential bindings
 * @param clients the clients that may authenticate
 * @param rules the policy rules, by order then id
 * @param limits the rate limits
 * @param sources the sources whose tools are served, by id: their owner and the settings of
 *     the revision served (its output schema mode and its binding apply when serving)
 */
public record ControlSnapshot(
    long sequence,
    String environment,
    List<ToolDefinition> tools,
    List<CredentialBinding> bindings,
    List<SnapshotClient> clients,
    List<PolicyRule> rules,
    List<LimitDefinition> limits,
    List<SnapshotSource> sources) {

  /** Validates and copies the fields. */
  public ControlSnapshot {
    Objects.requireNonNull(environment, "environment");
    tools = List.copyOf(tools);
    bindings = List.copyOf(bindings);
    clients = List.copyOf(clients);
    rules = List.copyOf(rules);
    limits = List.copyOf(limits);
    sources = List.copyOf(sources);
  }

  /**
   * A snapshot that says nothing about its sources beyond their tools.
   *
   * @param sequence the store's global revision the snapshot reflects
   * @param environment the environment it was built for
   * @param tools the tools served
   * @param bindings the credential bindings
   * @param clients the clients that may authenticate
   * @param rules the policy rules, by order then id
   * @param limits the rate limits
   */
  public ControlSnapshot(long sequence, String environment, List<ToolDefinition> tools,
      List<CredentialBinding> bindings, List<SnapshotClient> clients, List<PolicyRule> rules,
      List<LimitDefinition> limits) {
    this(sequence, environment, tools, bindings, clients, rules, limits, List.of());
  }

  /**
   * A source as the data plane serves it.
   *
   * @param id the source id
   * @param revision the number of the revision served
   * @param owner who owns the source: where two sources serve one tool name, a file source's
   *     tool is served
   * @param settings the served revision's settings
   */
  public record SnapshotSource(String id, int revision, Owner owner, ImportSettings settings) {
    /** Validates the fields. */
    public SnapshotSource {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(settings, "settings");
    }

    /**
     * The id of the binding the source's tools call upstream with.
     *
     * @return the settings' binding, else the source's id
     */
    public String bindingId() {
      return settings.bindingFor(id);
    }
  }

  /**
   * A client as the data plane authenticates it.
   *
   * @param id the client id
   * @param displayName a name for people
   * @param tenant the tenant, or null
   * @param scopes its callers' scopes
   * @param keys its live keys, on live profiles
   */
  public record SnapshotClient(String id, String displayName, @Nullable String tenant,
      Set<String> scopes, List<SnapshotKey> keys) {
    /** Validates and copies the fields. */
    public SnapshotClient {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(displayName, "displayName");
      scopes = Set.copyOf(scopes);
      keys = List.copyOf(keys);
    }
  }

  /**
   * A key as the data plane checks it: its id, profile and SHA-256 (as {@link
   * dev.mcpgate.core.identity.ClientRegistry#addKeyHash} takes them). Never the key.
   *
   * @param keyId the key id
   * @param profile the profile it authenticates for
   * @param sha256 the key's SHA-256, 32 bytes
   */
  public record SnapshotKey(String keyId, String profile, byte[] sha256) {
    /** Validates and copies the fields. */
    public SnapshotKey {
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(profile, "profile");
      if (sha256.length != 32) {
        throw new IllegalArgumentException("a key hash is 32 bytes");
      }
      sha256 = sha256.clone();
    }

    /**
     * The hash.
     *
     * @return a copy
     */
    @Override
    public byte[] sha256() {
      return sha256.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof SnapshotKey that && keyId.equals(that.keyId)
          && profile.equals(that.profile) && Arrays.equals(sha256, that.sha256);
    }

    @Override
    public int hashCode() {
      return Objects.hash(keyId, profile, Arrays.hashCode(sha256));
    }

    /** The id and profile, never the hash. */
    @Override
    public String toString() {
      return "SnapshotKey[" + keyId + " " + profile + "]";
    }
  }
}
