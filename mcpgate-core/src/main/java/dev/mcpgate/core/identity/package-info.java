/**
 * Identity resolvers: ways a caller proves who it is to the gateway, each an {@link
 * dev.mcpgate.api.IdentityResolver} that turns a request into a {@link
 * dev.mcpgate.api.CallerContext}. {@link dev.mcpgate.core.identity.JwtIdentityResolver} verifies
 * OAuth 2.1 bearer access tokens (signed JWTs) against a JSON Web Key Set.
 *
 * <p>Every resolver here answers a request that carries none of its credentials with {@link
 * dev.mcpgate.api.IdentityResult.Unauthenticated}, and a credential it recognizes but refuses with
 * {@link dev.mcpgate.api.IdentityResult.Rejected}, so that several can be combined with {@link
 * dev.mcpgate.api.IdentityResolver#firstOf}: the first resolver that recognizes the credential
 * decides. No resolver keeps a raw credential in a caller context, a cache key, a log line or a
 * rejection's description.
 */
@NullMarked
package dev.mcpgate.core.identity;

import org.jspecify.annotations.NullMarked;
