package dev.mcpgate.control;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One operation of a revision as its reviewer sees it. Immutable and thread-safe.
 *
 * @param tool the tool name it becomes
 * @param method the HTTP method
 * @param path the path template
 * @param summary the operation's title or description, or null
 * @param risk read, write or destructive
 * @param auth the auth kinds it requires ({@code bearer}, {@code apiKey}, ...)
 * @param inputSchemaSha256 the hex SHA-256 of the tool's input schema, to see it change
 */
public record OperationEvidence(
    String tool,
    String method,
    String path,
    @Nullable String summary,
    Risk risk,
    List<String> auth,
    String inputSchemaSha256) {

  /** Validates and copies the fields. */
  public OperationEvidence {
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(risk, "risk");
    Objects.requireNonNull(inputSchemaSha256, "inputSchemaSha256");
    auth = List.copyOf(auth);
  }

  /**
   * The operation's identity across revisions: {@code METHOD path}.
   *
   * @return the key
   */
  public String key() {
    return method + " " + path;
  }

  /**
   * Whether {@code other} (the same operation in another revision) differs in what it does:
   * tool name, risk, auth or inputs, as opposed to its summary alone.
   *
   * @param other the operation in the other revision
   * @return true when the change needs a review
   */
  public boolean differsInBehaviour(OperationEvidence other) {
    return !tool.equals(other.tool) || risk != other.risk || !auth.equals(other.auth)
        || !inputSchemaSha256.equals(other.inputSchemaSha256);
  }
}
