/** The control plane's implementation: the service pipeline, the stores, the audit writer. */
@NullMarked
package dev.mcpgate.control.internal;

import org.jspecify.annotations.NullMarked;
