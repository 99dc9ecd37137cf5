/** Implementation of the importers; not an API, may change in any release. */
@NullMarked
package dev.mcpgate.openapi.internal;

import org.jspecify.annotations.NullMarked;
