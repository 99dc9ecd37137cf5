package dev.mcpgate.admin.ui.internal;

import dev.mcpgate.control.Actor;
import dev.mcpgate.control.Role;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What every page's frame needs: where the UI is mounted, the page's title and section, who is
 * logged in, the CSRF token for its forms and a one-time message.
 *
 * @param base the mount point, ending with '/'
 * @param title the page's title
 * @param section the navigation entry to mark as current
 * @param actor the operator, or null on the login page
 * @param csrf the session's CSRF token, or empty on the login page
 * @param flash a message from the previous change, or null
 * @param error whether the flash reports a refusal
 */
public record Chrome(String base, String title, String section, @Nullable Actor actor,
    String csrf, @Nullable String flash, boolean error) {

  /**
   * Whether the operator may make operator-level changes.
   *
   * @return true for operator, approver and admin
   */
  public boolean canOperate() {
    return actor != null && actor.role().includes(Role.OPERATOR);
  }

  /**
   * Whether the operator may decide reviews.
   *
   * @return true for approver and admin
   */
  public boolean canApprove() {
    return actor != null && actor.role().includes(Role.APPROVER);
  }

  /**
   * Whether the operator manages operators.
   *
   * @return true for admin
   */
  public boolean isAdmin() {
    return actor != null && actor.role().includes(Role.ADMIN);
  }

  /**
   * The operator's role, for display.
   *
   * @return the role in lower case, or empty
   */
  public String role() {
    return actor == null ? "" : actor.role().name().toLowerCase(Locale.ROOT);
  }

  /**
   * The CSRF header for htmx requests, as the JSON {@code hx-headers} reads.
   *
   * @return the JSON object
   */
  public String htmxHeaders() {
    return "{\"X-CSRF-Token\":\"" + csrf + "\"}";
  }

  /**
   * A copy for another page.
   *
   * @param title the page's title
   * @param section its navigation entry
   * @return the copy
   */
  public Chrome page(String title, String section) {
    return new Chrome(base, title, section, actor, csrf, flash, error);
  }
}
