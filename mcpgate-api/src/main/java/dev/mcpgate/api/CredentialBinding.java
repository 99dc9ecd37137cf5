package dev.mcpgate.api;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A control-plane object that says how a tool's upstream credential is obtained: an opaque id,
 * the auth kind it serves, and a reference into a secret store. Never the secret itself; a
 * {@link CredentialBindingResolver} turns it into a {@link Secret} for one call.
 *
 * <p>The reference's meaning belongs to the resolver, such as {@code env:STRIPE_KEY} or {@code
 * file:/run/secrets/stripe}. {@code profileRefs} lets one binding point at a different secret per
 * caller environment (a sandbox key for {@code sandbox}, a production key for {@code
 * production}).
 *
 * @param id the binding's id: 1 to 128 of {@code [A-Za-z0-9_.:-]}
 * @param kind the auth kind the secret serves
 * @param secretRef the default reference into the secret store
 * @param profileRefs references by caller environment, overriding {@code secretRef}
 * @param settings non-secret settings of the injection, such as a header name or a token URL
 */
public record CredentialBinding(
    String id,
    AuthKind kind,
    String secretRef,
    Map<String, String> profileRefs,
    Map<String, String> settings) {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

  /** Validates and copies the fields. */
  public CredentialBinding {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(secretRef, "secretRef");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "binding id '" + id + "' must be 1 to 128 characters of A-Z a-z 0-9 _ . : -");
    }
    if (secretRef.isBlank()) {
      throw new IllegalArgumentException("binding '" + id + "' needs a secret reference");
    }
    profileRefs = Map.copyOf(profileRefs);
    settings = Map.copyOf(settings);
  }

  /**
   * A binding with one secret reference and no settings.
   *
   * @param id the binding's id
   * @param kind the auth kind
   * @param secretRef the reference into the secret store
   * @return the binding
   */
  public static CredentialBinding of(String id, AuthKind kind, String secretRef) {
    return new CredentialBinding(id, kind, secretRef, Map.of(), Map.of());
  }

  /**
   * The secret reference for a caller: the one for the caller's environment, else the default.
   *
   * @param caller who is calling
   * @return the reference to resolve
   */
  public String secretRefFor(CallerContext caller) {
    String environment = caller.environment();
    return environment == null ? secretRef : profileRefs.getOrDefault(environment, secretRef);
  }
}
