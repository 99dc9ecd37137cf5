package dev.mcpgate.cli.internal;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What a back end answered: the API's JSON with the object's revision and the change it
 * recorded, or a problem (RFC 9457's type, status, detail and field). Immutable.
 */
public sealed interface AdminAnswer {

  /**
   * Done.
   *
   * @param body the API's JSON body; null for an answer without one (a delete)
   * @param revision the object's revision from its ETag, or 0 when the answer has none
   * @param change the change recorded, or null for a read
   */
  record Done(@Nullable JsonNode body, long revision, @Nullable JsonNode change)
      implements AdminAnswer {}

  /**
   * Refused or failed.
   *
   * @param status the HTTP status the API answers with (or would)
   * @param type the problem type's last segment, such as {@code stale-revision}
   * @param detail what is wrong; never a secret
   * @param field the field at fault, or null
   */
  record Problem(int status, String type, String detail, @Nullable String field)
      implements AdminAnswer {

    /** Validates the fields. */
    public Problem {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(detail, "detail");
    }

    /**
     * Whether the command line asked for something invalid (exit code 2) rather than something
     * refused or failed (exit code 1).
     *
     * @return true for 400 and 422
     */
    public boolean usage() {
      return status == 400 || status == 422;
    }
  }
}
