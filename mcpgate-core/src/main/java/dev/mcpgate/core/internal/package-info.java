/** Implementation of the engine; not an API, may change in any release. */
@NullMarked
package dev.mcpgate.core.internal;

import org.jspecify.annotations.NullMarked;
