package dev.mcpgate.control;

import dev.mcpgate.api.CredentialBinding;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A change to the control plane: the complete, closed set of mutations that {@link
 * ControlPlane#apply} and {@link ControlPlane#dryRun} accept. Each command is validated when it
 * is constructed, names the role it needs and the object it changes, and yields a {@code T}.
 * A command that changes an existing object carries the revision its author saw
 * ({@code expectedRevision}); a different current revision refuses it as stale. Commands are
 * immutable and thread-safe.
 *
 * @param <T> what applying the command returns
 */
public sealed interface Command<T> {

  /**
   * The least role that may apply this command.
   *
   * @return the role
   */
  Role requiredRole();

  /**
   * The kind of object the command changes.
   *
   * @return the kind
   */
  ObjectKind kind();

  /**
   * The id of the object the command changes.
   *
   * @return the id
   */
  String objectId();

  // ---- sources and their review ------------------------------------------------------------

  /**
   * Imports a description as the source's next revision, pending review (or approved by rule);
   * creates the source on its first import. The settings are part of the revision: importing
   * the same bytes with other settings makes a new revision, reviewed like changed bytes.
   *
   * @param sourceId the source
   * @param description the description's bytes (OpenAPI, Swagger or Postman; JSON or YAML)
   * @param location where it came from, for the record and relative references
   * @param settings how the description becomes tools
   */
  record ImportRevision(String sourceId, byte[] description, String location,
      ImportSettings settings) implements Command<SourceRevision> {
    /** Validates and copies the fields. */
    public ImportRevision {
      Ids.name("source id", sourceId);
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(settings, "settings");
      description = description.clone();
    }

    /**
     * Imports a description with the default settings.
     *
     * @param sourceId the source
     * @param description the description's bytes
     * @param location where it came from
     */
    public ImportRevision(String sourceId, byte[] description, String location) {
      this(sourceId, description, location, ImportSettings.defaults());
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
      return other instanceof ImportRevision that && sourceId.equals(that.sourceId)
          && Arrays.equals(description, that.description) && location.equals(that.location)
          && settings.equals(that.settings);
    }

    @Override
    public int hashCode() {
      return Objects.hash(sourceId, Arrays.hashCode(description), location, settings);
    }

    /** The source, the location, the size and the settings, never the bytes. */
    @Override
    public String toString() {
      return "ImportRevision[" + sourceId + " from " + location + ", " + description.length
          + " bytes, " + settings.describe() + "]";
    }

    @Override
    public Role requiredRole() {
      return Role.OPERATOR;
    }

    @Override
    public ObjectKind kind() {
      return ObjectKind.REVISION;
    }

    @Override
    public String objectId() {
      return sourceId;
    }
  }

  /** An approver's decision. */
  enum Decision {
    /** The revision may be published. */
    APPROVE,
    /** The revision may never be published. */
    REJECT
  }

  /**
   * Decides a pending review; needs {@link Role#APPROVER}. The evidence decided on is frozen.
   *
   * @param sourceId the source
   * @param number the revision number
   * @param decision approve or reject
   * @param note why, or null
   * @param expectedRevision the review's revision the approver saw
   */
  record DecideReview(String sourceId, int number, Decision decision, @Nullable String note,
      long expectedRevision) implements Command<Review> {
    /** Validates the fields. */
    public DecideReview {
      Ids.name("source id", sourceId);
      Objects.requireNonNull(decision, "decision");
    }

    @Override
    public Role requiredRole() {
      return Role.APPROVER;
    }

    @Override
    public ObjectKind kind() {
      return ObjectKind.REVIEW;
    }

    @Override
    public String objectId() {
      return SourceRevision.idOf(sourceId, number);
    }
  }

  /**
   * Makes an approved revision the active one in an environment.
   *
   * @param sourceId the source
   * @param number the revision number
   * @param environment the environment, such as {@code sandbox} or {@code production}
   * @param expectedRevision the source's revision the operator saw
   */
  record PublishRevision(String sourceId, int number, String environment, long expectedRevision)
      implements Command<Source> {
    /** Validates the fields. */
    public PublishRevision {
      Ids.name("source id", sourceId);
      Ids.name("environment", environment);
    }

    @Override
    public Role requiredRole() {
      return Role.OPERATOR;
    }

    @Override
    public ObjectKind kind() {
      return ObjectKind.SOURCE;
    }

    @Override
    public String objectId() {
      return sourceId;
    }
  }

  /**
   * Withdraws a source from an environment: its tools disappear there.
   *
   * @param sourceId the source
   * @param environment the environment
   * @param expectedRevision the source's revision the operator saw
   */
  record WithdrawSource(String sourceId, String environment, long expectedRevision)
      implements Command<Source> {
    /** Validates the fields. */
    public WithdrawSource {
      Ids.name("source id", sourceId);
      Ids.name("environment", environment);
    }

    @Override
    public Role requiredRole() {
      return Role.OPERATOR;
    }

    @Override
    public ObjectKind kind() {
      return ObjectKind.SOURCE;
    }

    @Override
    public String objectId() {
      return sourceId;
    }
  }

  /**
   * Changes a source's settings.
   *
   * @param sourceId the source
   * @param title a display title, or null
   * @param sandboxFirst whether production needs the revision active in sandbox first
   * @param expectedRevision the source's revision the operator saw
   */
  record UpdateSource(String sourceId, @Nullable String title, boolean sandboxFirst,
      long expectedRevision) implements Command<Source> {
    /** Validates the fields. */
    public UpdateSource {
      Ids.name("source id", sourceId);
      if (title != null && title.length() > 200) {
        throw new IllegalArgumentException("a source title is at most 200 characters");
      }
    }

    @Override
    public Role requiredRole() {
      return Role.OPERATOR;
    }

    @Override
    public ObjectKind kind() {
      return ObjectKind.SOURCE;
    }

    @Override
    public String objectId() {
      return sourceId;
    }
  }

  /**
   * Sets which of a source's tools are served.
   *
   * @param sourceId the source
   * @param tools the tool names selected
   * @param expectedRevision the selection's revision the operator saw, or 0 to create it
   */
  record SelectOperations(String sourceId, Set<String> tools, long expectedRevision)
      implements Command<OperationSelection> {
    /** Validates and copies the fields. */
    public SelectOperations {
      Ids.name("source id", sourceId);
      tools = Set.copyOf(tools);
    }

    @Override
    public Role requiredRole() {
      return Role.OPERATOR;
    }

    @Override
    public ObjectKind kind() {
      return ObjectKind.SELECTION;
    }

    @Override
    public String objectId() {
      return sourceId;
    }
  }

  /**
   * Removes a source's selection: every tool of its active revision is served again.
   *
   * @param sourceId the source
   * @param expectedRevision the selection's revision the operator saw
   */
  record DeleteSelection(String sourceId, long expectedRevision)
      implements Command<OperationSelection> {
    /** Validates the fields. */
    public DeleteSelection {
      Ids.name("source id", sourceId);
    }

    @Override
    public Role requiredRole() {
      return Role.OPERATOR;
    }

    @Override
    public ObjectKind kind() {
      return ObjectKind.SELECTION;
    }

    @Override
    public String objectId() {
      return sourceId;
    }
  }

  // ---- credential bindings -----------------------------------------------------------------

  /**
   * Creates a binding or replaces one (rotating its reference, say).
   *
   * @param binding the binding; its references must be references ({@code store:name}), never
   *     secret values
   * @param expectedRevision the binding's revision the operator saw, or 0 to create it
   */
  record PutBinding(CredentialBinding binding, long expectedRevision)
      implements Command<Binding> {

    private static final Pattern REFERENCE =
        Pattern.compile("[a-z][a-z0-9+.-]{0,31}:[^\\s:][^\\s]{0,511}");

    /** Validates the fields. */
    public PutBinding {
      Objects.requireNonNull(binding, "binding");
      checkReference(binding.id(), binding.secretRef());
      binding.profileRefs().values().forEach(ref -> checkReference(binding.id(), ref));
    }

    private static void checkReference(String id, String ref) {
      if (!REFERENCE.matcher(ref).matches()) {
        // The value is left out: it may be a secret pasted by mistake.
        throw new IllegalArgumentException("binding " + id + ": a secret reference has the form "
            + "STORE:NAME (such as env:GITHUB_TOKEN); the control plane never stores a secret");
      }
    }

    @Override
    public Role requiredRole() {
      return Role.OPERATOR;
    }

    @Override
    public ObjectKind kind() {
      return ObjectKind.BINDING;
    }

    @Override
    public String objectId() {
      return binding.id();
    }
  }

  /**
   * Deletes a binding.
   *
   * @param id the binding's id
   * @param expectedRevision the binding's revision the operator saw
   */
  record DeleteBinding(String id, long expectedRevision) implements Command<Binding> {
    /** Validates the fields. */
    public DeleteBinding {
      Objects.requireNonNull(id, "id");
    }

    @Override
    public Role requiredRole() {
      return Role.OPERATOR;
    }

    @Override
    public ObjectKind kind() {
      return ObjectKind.BINDING;
    }

    @Override
    public String objectId() {
      return id;
    }
  }

  // ---- clients, profiles, keys -------------------------------------------------------------

  /**
   * Creates a client.
   *
   * @param clientId the id
   * @param displayName a name for people, or null for the id
   * @param tenant the tenant, or null
   * @param scopes the scopes its callers get
   */
  record CreateClient(String clientId, @Nullable String displayName, @Nullable String tenant,
      Set<String> scopes) implements Command<Client> {
    /** Validates and copies the fields. */
    public CreateClient {
      Ids.name("client id", clientId);
      scopes = Set.copyOf(scopes);
    }

    @Override
    public Role requiredRole() {
      return Role.OPERATOR;
    }

    @Override
    public ObjectKind kind() {
      return ObjectKind.CLIENT;
    }

    @Override
    public String objectId() {
      return clientId;
    }
  }

  /**
   * Changes a live client's display name, tenant and scopes.
   *
   * @param clientId the client
   * @param displayName a name for people, or null for the id
   * @param tenant the tenant, or null
   * @param scopes the scopes its callers get
   * @param expectedRevision the client's revision the operator saw
   */
  record UpdateClient(String clientId, @Nullable String displayName, @Nullable String tenant,
      Set<String> scopes, long expectedRevision) implements Command<Client> {
    /** Validates and copies the fields. */
    public UpdateClient {
      Ids.name("client id", clientId);
      scopes = Set.copyOf(scopes);
    }

    @Override
    public Role requiredRole() {
      return Role.OPERATOR;
    }

    @Override
    public ObjectKind kind() {
      return ObjectKind.CLIENT;
    }

    @Override
    public String objectId() {
      return clientId;
    }
  }

  /**
   * Revokes a client: none of its keys authenticates any more.
   *
   * @param clientId the client
   * @param expectedRevision the client's revision the operator saw
   */
  record RevokeClient(String clientId, long expectedRevision) implements Command<Client> {
    /** Validates the fields. */
    public RevokeClient {
      Ids.name("client id", clientId);
    }

    @Override
    public Role requiredRole() {
      return Role.OPERATOR;
    }

    @Override
    public ObjectKind kind() {
      return ObjectKind.CLIENT;
    }

    @Override
    public String objectId() {
      return clientId;
    }
  }

  /**
   * Creates a profile of a client.
   *
   * @param clientId the client
   * @param profile the profile's name, such as {@code sandbox}
   */
  record CreateProfile(String clientId, String profile) implements Command<Profile> {
    /** Validates the fields. */
    public CreateProfile {
      Ids.name("client id", clientId);
      Ids.name("profile", profile);
    }

    @Override
    public Role requiredRole() {
      return Role.OPERATOR;
    }

    @Override
    public ObjectKind kind() {
      return ObjectKind.PROFILE;
    }

    @Override
    public String objectId() {
      return Profile.idOf(clientId, profile);
    }
  }

  /**
   * Revokes a client's profile: its keys stop authenticating.
   *
   * @param clientId the client
   * @param profile the profile
   * @param expectedRevision the profile's revision the operator saw
   */
  record RevokeProfile(String clientId, String profile, long expectedRevision)
      implements Command<Profile> {
    /** Validates the fields. */
    public RevokeProfile {
      Ids.name("client id", clientId);
      Ids.name("profile", profile);
    }

    @Override
    public Role requiredRole() {
      return Role.OPERATOR;
    }

    @Override
    public ObjectKind kind() {
      return ObjectKind.PROFILE;
    }

    @Override
    public String objectId() {
      return Profile.idOf(clientId, profile);
    }
  }

  /**
   * Issues a new key for a client's profile; the key is returned once and stored as its hash.
   *
   * @param clientId the client
   * @param profile the profile
   */
  record IssueKey(String clientId, String profile) implements Command<IssuedClientKey> {
    /** Validates the fields. */
    public IssueKey {
      Ids.name("client id", clientId);
      Ids.name("profile", profile);
    }

    @Override
    public Role requiredRole() {
      return Role.OPERATOR;
    }

    @Override
    public ObjectKind kind() {
      return ObjectKind.KEY;
    }

    @Override
    public String objectId() {
      return Profile.idOf(clientId, profile);
    }
  }

  /**
   * Registers a key known only by its id and SHA-256 (a key made elsewhere, such as one the
   * configuration file lists by hash): the store keeps the hash, as for an issued key.
   *
   * @param clientId the client
   * @param profile the profile
   * @param keyId the key's id: 16 lower-case hex digits, the non-secret part of the key
   * @param sha256 the key's SHA-256, 32 bytes
   */
  record RegisterKey(String clientId, String profile, String keyId, byte[] sha256)
      implements Command<ClientKey> {

    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /** Validates and copies the fields. */
    public RegisterKey {
      Ids.name("client id", clientId);
      Ids.name("profile", profile);
      Objects.requireNonNull(keyId, "keyId");
      if (!KEY_ID.matcher(keyId).matches()) {
        throw new IllegalArgumentException("a key id is 16 lower-case hex digits");
      }
      if (sha256.length != 32) {
        throw new IllegalArgumentException("a key's SHA-256 has 32 bytes");
      }
      sha256 = sha256.clone();
    }

    /**
     * Reads a key's SHA-256 written as 64 lower-case hex digits, as {@code mcpgate hash-key}
     * prints it. The message of a refusal never quotes the value: it may be the key itself.
     *
     * @param hex the hash in hex
     * @return its 32 bytes
     * @throws IllegalArgumentException if {@code hex} is not 64 lower-case hex digits
     */
    public static byte[] parseSha256(String hex) {
      Objects.requireNonNull(hex, "sha256");
      if (!SHA256_HEX.matcher(hex).matches()) {
        throw new IllegalArgumentException("sha256 must be the key's SHA-256 as 64 lower-case hex"
            + " digits (mcpgate hash-key prints it), never the key itself");
      }
      return HexFormat.of().parseHex(hex);
    }

    /**
     * The key's hash.
     *
     * @return a copy
     */
    @Override
    public byte[] sha256() {
      return sha256.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof RegisterKey that && clientId.equals(that.clientId)
          && profile.equals(that.profile) && keyId.equals(that.keyId)
          && Arrays.equals(sha256, that.sha256);
    }

    @Override
    public int hashCode() {
      return Objects.hash(clientId, profile, keyId, Arrays.hashCode(sha256));
    }

    /** The client, profile and key id, never the hash. */
    @Override
    public String toString() {
      return "RegisterKey[" + keyId + " for " + clientId + "/" + profile + "]";
    }

    @Override
    public Role requiredRole() {
      return Role.OPERATOR;
    }

    @Override
    public ObjectKind kind() {
      return ObjectKind.KEY;
    }

    @Override
    public String objectId() {
      return keyId;
    }
  }

  /**
   * Revokes one key.
   *
   * @param keyId the key's id
   * @param expectedRevision the key's revision the operator saw
   */
  record RevokeKey(String keyId, long expectedRevision) implements Command<ClientKey> {
    /** Validates the fields. */
    public RevokeKey {
      Objects.requireNonNull(keyId, "keyId");
    }

    @Override
    public Role requiredRole() {
      return Role.OPERATOR;
    }

    @Override
    public ObjectKind kind() {
      return ObjectKind.KEY;
    }

    @Override
    public String objectId() {
      return keyId;
    }
  }

  // ---- policy and limits -------------------------------------------------------------------

  /**
   * Creates or replaces a policy rule.
   *
   * @param rule the rule
   * @param expectedRevision the rule's revision the operator saw, or 0 to create it
   */
  record PutRule(RuleDefinition rule, long expectedRevision) implements Command<Rule> {
    /** Validates the fields. */
    public PutRule {
      Objects.requireNonNull(rule, "rule");
    }

    @Override
    public Role requiredRole() {
      return Role.OPERATOR;
    }

    @Override
    public ObjectKind kind() {
      return ObjectKind.RULE;
    }

    @Override
    public String objectId() {
      return rule.id();
    }
  }

  /**
   * Deletes a policy rule.
   *
   * @param id the rule's id
   * @param expectedRevision the rule's revision the operator saw
   */
  record DeleteRule(String id, long expectedRevision) implements Command<Rule> {
    /** Validates the fields. */
    public DeleteRule {
      Objects.requireNonNull(id, "id");
    }

    @Override
    public Role requiredRole() {
      return Role.OPERATOR;
    }

    @Override
    public ObjectKind kind() {
      return ObjectKind.RULE;
    }

    @Override
    public String objectId() {
      return id;
    }
  }

  /**
   * Creates or replaces a rate limit.
   *
   * @param limit the limit
   * @param expectedRevision the limit's revision the operator saw, or 0 to create it
   */
  record PutLimit(LimitDefinition limit, long expectedRevision) implements Command<Limit> {
    /** Validates the fields. */
    public PutLimit {
      Objects.requireNonNull(limit, "limit");
    }

    @Override
    public Role requiredRole() {
      return Role.OPERATOR;
    }

    @Override
    public ObjectKind kind() {
      return ObjectKind.LIMIT;
    }

    @Override
    public String objectId() {
      return limit.id();
    }
  }

  /**
   * Deletes a rate limit.
   *
   * @param id the limit's id
   * @param expectedRevision the limit's revision the operator saw
   */
  record DeleteLimit(String id, long expectedRevision) implements Command<Limit> {
    /** Validates the fields. */
    public DeleteLimit {
      Objects.requireNonNull(id, "id");
    }

    @Override
    public Role requiredRole() {
      return Role.OPERATOR;
    }

    @Override
    public ObjectKind kind() {
      return ObjectKind.LIMIT;
    }

    @Override
    public String objectId() {
      return id;
    }
  }

  // ---- operators ---------------------------------------------------------------------------

  /**
   * Creates an operator; needs {@link Role#ADMIN}. The token is returned once and stored as its
   * hash.
   *
   * @param name the operator's name, unique
   * @param role the operator's role
   */
  record CreateOperator(String name, Role role) implements Command<IssuedOperatorToken> {
    /** Validates the fields. */
    public CreateOperator {
      Ids.name("operator name", name);
      Objects.requireNonNull(role, "role");
    }

    @Override
    public Role requiredRole() {
      return Role.ADMIN;
    }

    @Override
    public ObjectKind kind() {
      return ObjectKind.OPERATOR;
    }

    @Override
    public String objectId() {
      return name;
    }
  }

  /**
   * Revokes an operator: its token stops authenticating. Needs {@link Role#ADMIN}.
   *
   * @param name the operator's name
   * @param expectedRevision the operator's revision the admin saw
   */
  record RevokeOperator(String name, long expectedRevision) implements Command<Operator> {
    /** Validates the fields. */
    public RevokeOperator {
      Ids.name("operator name", name);
    }

    @Override
    public Role requiredRole() {
      return Role.ADMIN;
    }

    @Override
    public ObjectKind kind() {
      return ObjectKind.OPERATOR;
    }

    @Override
    public String objectId() {
      return name;
    }
  }

  /**
   * Every kind of command, for surfaces that list what they can do.
   *
   * @return the command types
   */
  static List<Class<?>> types() {
    return List.of(Command.class.getPermittedSubclasses());
  }
}
