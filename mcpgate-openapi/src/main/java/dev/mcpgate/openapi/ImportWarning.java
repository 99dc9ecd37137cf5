package dev.mcpgate.openapi;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Something the importer skipped or changed, and why: an operation it could not convert, a
 * schema it had to simplify, a name it had to shorten.
 *
 * @param operation the operation concerned, such as {@code GET /repos/{owner}} or a Postman
 *     request's folder path and name; null for the document as a whole
 * @param message what happened, for an operator
 */
public record ImportWarning(@Nullable String operation, String message) {

  /** Validates the fields. */
  public ImportWarning {
    Objects.requireNonNull(message, "message");
  }

  /** {@code operation: message}, or the message alone. */
  @Override
  public String toString() {
    return operation == null ? message : operation + ": " + message;
  }
}
