/** Implementation of the servlet transport; not an API, may change in any release. */
@NullMarked
package dev.mcpgate.servlet.internal;

import org.jspecify.annotations.NullMarked;
