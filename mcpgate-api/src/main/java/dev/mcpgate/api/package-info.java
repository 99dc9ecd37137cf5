/**
 * The mcpgate service-provider interface: the small interfaces a host application implements
 * ({@link dev.mcpgate.api.IdentityResolver}, {@link dev.mcpgate.api.PolicyEngine},
 * {@link dev.mcpgate.api.CredentialBindingResolver}, {@link dev.mcpgate.api.AuditSink}, {@link
 * dev.mcpgate.api.BucketStore}) and the immutable value types that cross them. Each has a
 * contract kit in {@code mcpgate-testkit} that an implementation's tests extend.
 *
 * <p>This package depends on nothing but JSpecify annotations: no JSON library, no servlet
 * types. JSON values that cross it (tool arguments) are plain Java values: {@code Map<String,
 * Object>}, {@code List<Object>}, {@code String}, {@code Number}, {@code Boolean} or
 * {@code null}; JSON documents (schemas) are carried as text.
 *
 * <p>Two auth planes never mix here: {@link dev.mcpgate.api.CallerContext} says who called the
 * gateway and never holds a credential; {@link dev.mcpgate.api.Secret} is the upstream
 * credential and never leaves the gateway.
 */
@NullMarked
package dev.mcpgate.api;

import org.jspecify.annotations.NullMarked;
