/**
 * What a tool call sends upstream and where it may go: the request built from a tool's binding
 * and arguments ({@link dev.mcpgate.core.internal.upstream.RequestBuilder}), the credential added
 * by one strategy per auth method ({@link dev.mcpgate.core.internal.upstream.AuthInjector}), the
 * target checked against the allowlist and the SSRF guard before any connection ({@link
 * dev.mcpgate.core.internal.upstream.TargetGuard}), the call made to exactly the checked addresses
 * ({@link dev.mcpgate.core.internal.upstream.UpstreamClient}), and the response mapped to a tool
 * result ({@link dev.mcpgate.core.internal.upstream.ResponseMapper}). Implementation; not an API.
 */
@NullMarked
package dev.mcpgate.core.internal.upstream;

import org.jspecify.annotations.NullMarked;
