package dev.mcpgate.admin.internal;

import dev.mcpgate.admin.AdminApiConfig;
import dev.mcpgate.control.Role;
import java.util.Locale;

/** The OIDC scope that grants a role, as the default role mapping reads it. */
final class RoleScopes {

  private RoleScopes() {}

  static String of(Role role) {
    return AdminApiConfig.ROLE_SCOPE_PREFIX + role.name().toLowerCase(Locale.ROOT);
  }
}
