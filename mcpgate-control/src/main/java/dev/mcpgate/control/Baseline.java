package dev.mcpgate.control;

import dev.mcpgate.api.CredentialBinding;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What a declarative file (such as {@code mcpgate.yaml}) declares, as control-plane values: the
 * desired state of the objects the file owns. {@link BaselinePlan} compares it with a store and
 * brings the store's file-owned objects to it. Secrets appear only as references (bindings) and
 * hashes (keys). Immutable and thread-safe.
 *
 * @param sources the sources, each with its description's bytes
 * @param bindings the credential bindings (references only)
 * @param clients the clients with their profiles and key hashes
 * @param rules the policy rules
 * @param limits the rate limits
 */
public record Baseline(
    List<SourceSpec> sources,
    List<CredentialBinding> bindings,
    List<ClientSpec> clients,
    List<RuleDefinition> rules,
    List<LimitDefinition> limits) {

  /** Copies the lists and refuses two objects of one kind with the same id. */
  public Baseline {
    sources = List.copyOf(sources);
    bindings = List.copyOf(bindings);
    clients = List.copyOf(clients);
    rules = List.copyOf(rules);
    limits = List.copyOf(limits);
    unique("source", sources.stream().map(SourceSpec::id).toList());
    unique("binding", bindings.stream().map(CredentialBinding::id).toList());
    unique("client", clients.stream().map(ClientSpec::id).toList());
    unique("rule", rules.stream().map(RuleDefinition::id).toList());
    unique("limit", limits.stream().map(LimitDefinition::id).toList());
    unique("key", clients.stream().flatMap(c -> c.profiles().stream())
        .flatMap(p -> p.keys().stream()).map(KeySpec::keyId).toList());
  }

  /**
   * A baseline that declares nothing.
   *
   * @return the empty baseline
   */
  public static Baseline empty() {
    return new Baseline(List.of(), List.of(), List.of(), List.of(), List.of());
  }

  private static void unique(String what, List<String> ids) {
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      if (!seen.add(id)) {
        throw new IllegalArgumentException("two of the baseline's " + what + "s have the id "
            + id);
      }
    }
  }

  /**
   * A source as declared: its description (read from a file or a URL by whoever built the
   * baseline), the settings it is imported with, whether the file approves it, and its
   * selection. A changed description or changed settings make a new revision.
   *
   * @param id the source's id
   * @param description the description's bytes
   * @param location where they were read from (a path or a URL), for the record
   * @param approved whether the file approves it: its current revision is approved and published
   *     to the served environment; when false it is withdrawn from there
   * @param selection the tool names served, or null for every tool
   * @param settings how the description becomes tools (base URL, tool prefix, operations,
   *     parameter settings, output schemas, binding)
   */
  public record SourceSpec(String id, byte[] description, String location, boolean approved,
      @Nullable Set<String> selection, ImportSettings settings) {
    /** Validates and copies the fields. */
    public SourceSpec {
      Ids.name("source id", id);
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(settings, "settings");
      description = description.clone();
      selection = selection == null ? null : Set.copyOf(new TreeSet<>(selection));
    }

    /**
     * A source imported with the default settings.
     *
     * @param id the source's id
     * @param description the description's bytes
     * @param location where they were read from
     * @param approved whether the file approves it
     * @param selection the tool names served, or null for every tool
     */
    public SourceSpec(String id, byte[] description, String location, boolean approved,
        @Nullable Set<String> selection) {
      this(id, description, location, approved, selection, ImportSettings.defaults());
    }

    /**
     * The description's bytes.
     *
     * @return a copy
     */
    @Override
    public byte[] description() {
      return description.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof SourceSpec that && id.equals(that.id)
          && Arrays.equals(description, that.description) && location.equals(that.location)
          && approved == that.approved && Objects.equals(selection, that.selection)
          && settings.equals(that.settings);
    }

    @Override
    public int hashCode() {
      return Objects.hash(id, Arrays.hashCode(description), location, approved, selection,
          settings);
    }

    /** The id, location, size and settings, never the bytes. */
    @Override
    public String toString() {
      return "SourceSpec[" + id + " from " + location + ", " + description.length + " bytes"
          + (approved ? ", approved" : "") + ", " + settings.describe() + "]";
    }
  }

  /**
   * A client as declared.
   *
   * @param id the client's id
   * @param displayName a name for people, or null for the id
   * @param tenant the tenant, or null
   * @param scopes the scopes its callers get
   * @param revoked whether the file revokes it
   * @param profiles its profiles
   */
  public record ClientSpec(String id, @Nullable String displayName, @Nullable String tenant,
      Set<String> scopes, boolean revoked, List<ProfileSpec> profiles) {
    /** Validates and copies the fields. */
    public ClientSpec {
      Ids.name("client id", id);
      scopes = Set.copyOf(new TreeSet<>(scopes));
      profiles = List.copyOf(profiles);
      unique("profile", profiles.stream().map(ProfileSpec::name).toList());
    }
  }

  /**
   * A client's profile as declared.
   *
   * @param name the profile's name
   * @param revoked whether the file revokes it
   * @param keys its keys, by hash
   */
  public record ProfileSpec(String name, boolean revoked, List<KeySpec> keys) {
    /** Validates and copies the fields. */
    public ProfileSpec {
      Ids.name("profile", name);
      keys = List.copyOf(keys);
    }
  }

  /**
   * An API key as declared: its id and SHA-256, never the key.
   *
   * @param keyId the key's id, 16 lower-case hex digits
   * @param sha256 the key's SHA-256, 32 bytes
   */
  public record KeySpec(String keyId, byte[] sha256) {
    /** Validates and copies the fields. */
    public KeySpec {
      Objects.requireNonNull(keyId, "keyId");
      if (!keyId.matches("[0-9a-f]{16}")) {
        throw new IllegalArgumentException("a key id is 16 lower-case hex digits");
      }
      if (sha256.length != 32) {
        throw new IllegalArgumentException("a key's SHA-256 has 32 bytes");
      }
      sha256 = sha256.clone();
    }

    /**
     * A key given by its id and lower-case hex SHA-256, as the configuration file writes it.
     *
     * @param keyId the key's id
     * @param sha256Hex 64 hex digits
     * @return the key
     * @throws IllegalArgumentException if either is malformed
     */
    public static KeySpec ofHex(String keyId, String sha256Hex) {
      return new KeySpec(keyId, HexFormat.of().parseHex(sha256Hex));
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
      return other instanceof KeySpec that && keyId.equals(that.keyId)
          && Arrays.equals(sha256, that.sha256);
    }

    @Override
    public int hashCode() {
      return Objects.hash(keyId, Arrays.hashCode(sha256));
    }

    /** The id, never the hash. */
    @Override
    public String toString() {
      return "KeySpec[" + keyId + "]";
    }
  }
}
