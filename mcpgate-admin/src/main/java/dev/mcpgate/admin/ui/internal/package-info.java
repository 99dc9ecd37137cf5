/** The web UI's implementation: routes, sessions, pages. Not an API. */
@NullMarked
package dev.mcpgate.admin.ui.internal;

import org.jspecify.annotations.NullMarked;
