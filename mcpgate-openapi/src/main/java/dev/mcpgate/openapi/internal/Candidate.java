package dev.mcpgate.openapi.internal;

import dev.mcpgate.api.ToolDefinition;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One operation a reader found, before selection and naming: everything a tool needs but its
 * name.
 *
 * @param identity a key unique to the operation within its document and stable across
 *     versions of it ({@code GET /repos/{owner}}; for Postman, folder path, name, method and
 *     URL), hashed to break name collisions
 * @param method the HTTP method, upper case
 * @param path the path template
 * @param operationId the operation id, or null (Postman has none)
 * @param nameHint what the tool's name is made from: the operation id, a Postman request's
 *     name, or method and path
 * @param tags the tags (Postman: the folder names), for selection
 * @param deprecated whether the operation is deprecated
 * @param draft the tool's definition without its name (the name set is a placeholder)
 */
public record Candidate(
    String identity,
    String method,
    String path,
    @Nullable String operationId,
    String nameHint,
    List<String> tags,
    boolean deprecated,
    ToolDefinition.Builder draft) {

  /** Validates and copies the fields. */
  public Candidate {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(nameHint, "nameHint");
    Objects.requireNonNull(draft, "draft");
    tags = List.copyOf(tags);
  }
}
