package dev.mcpgate.control;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * An MCP client (an agent or an application) that calls the gateway through its
 * {@link Profile}s and their {@link ClientKey}s. A revoked client authenticates nowhere.
 * Immutable and thread-safe.
 *
 * @param meta id, revision, owner, history
 * @param displayName a name for people
 * @param tenant the tenant it belongs to, or null
 * @param scopes the scopes its callers get, sorted
 * @param revoked whether it was revoked (revocation is final)
 */
public record Client(
    ObjectMeta meta,
    String displayName,
    @Nullable String tenant,
    Set<String> scopes,
    boolean revoked) implements ControlObject {

  /** Validates and copies the fields. */
  public Client {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(displayName, "displayName");
    Ids.name("client id", meta.id());
    scopes.forEach(scope -> Objects.requireNonNull(scope, "scope"));
    scopes = Set.copyOf(new TreeSet<>(scopes));
  }
}
