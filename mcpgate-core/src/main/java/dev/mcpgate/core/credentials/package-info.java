/**
 * Built-in {@link dev.mcpgate.api.CredentialBindingResolver}s: secrets from environment variables
 * ({@link dev.mcpgate.core.credentials.EnvironmentSecrets}), mounted secret files ({@link
 * dev.mcpgate.core.credentials.MountedFileSecrets}), an in-memory store for tests and demos ({@link
 * dev.mcpgate.core.credentials.InMemorySecrets}), a router that picks one of them by the
 * reference's prefix or the binding's auth kind ({@link
 * dev.mcpgate.core.credentials.SecretStores}), OAuth2 client-credentials access tokens ({@link
 * dev.mcpgate.core.credentials.OAuth2ClientCredentials}) and session cookies from a login call
 * ({@link dev.mcpgate.core.credentials.CookieSessionLogin}).
 *
 * <p>Every resolver here answers a secret it cannot have with a {@link
 * dev.mcpgate.api.CredentialResolution.Unavailable} whose reason names the binding and the
 * reference, never a value; none of them logs.
 */
@NullMarked
package dev.mcpgate.core.credentials;

import org.jspecify.annotations.NullMarked;
