/** The admin API's implementation: routes, authentication, problems. Not an API. */
@NullMarked
package dev.mcpgate.admin.internal;

import org.jspecify.annotations.NullMarked;
