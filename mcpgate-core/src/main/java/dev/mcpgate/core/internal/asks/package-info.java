/**
 * How a tool's requests to the client travel: server-to-client requests on a session, or
 * input-required results with a sealed request state on 2026-07-28. Internal.
 */
@NullMarked
package dev.mcpgate.core.internal.asks;

import org.jspecify.annotations.NullMarked;
