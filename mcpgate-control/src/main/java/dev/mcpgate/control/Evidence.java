package dev.mcpgate.control;

import java.util.List;
import java.util.Objects;

/**
 * What a reviewer decides on: the revision's operations and their risk, the auth each scheme
 * needs, the hosts it targets, what the import warned about, and the diff against the revision
 * active before. Frozen with the decision. Immutable and thread-safe.
 *
 * @param operations the operations, in the document's order
 * @param auth the auth schemes detected, one line each, such as {@code apiKey header X-API-Key}
 * @param hosts the target hosts ({@code scheme://host[:port]}), sorted
 * @param warnings the import's warnings
 * @param diff the difference from the active revision
 */
public record Evidence(
    List<OperationEvidence> operations,
    List<String> auth,
    List<String> hosts,
    List<String> warnings,
    RevisionDiff diff) {

  /** Validates and copies the fields. */
  public Evidence {
    Objects.requireNonNull(diff, "diff");
    operations = List.copyOf(operations);
    auth = List.copyOf(auth);
    hosts = List.copyOf(hosts);
    warnings = List.copyOf(warnings);
  }
}
