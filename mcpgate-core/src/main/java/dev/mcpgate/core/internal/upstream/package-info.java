/**
 * The upstream target guard (gate 7): decides whether the gateway may connect to a URL, and to
 * which exact addresses, so that a tool call cannot reach loopback, private networks or cloud
 * metadata services (server-side request forgery). Not an API; may change in any release.
 */
@NullMarked
package dev.mcpgate.core.internal.upstream;

import org.jspecify.annotations.NullMarked;
