package dev.mcpgate.openapi.internal;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.AuthRequirement;
import dev.mcpgate.api.ParameterBinding;
import dev.mcpgate.openapi.CredentialRule;
import dev.mcpgate.openapi.ImportOptions;
import dev.mcpgate.openapi.ImportWarning;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The credential parameters of one operation that no declared requirement carries: each one the
 * {@link CredentialRule} (or the operator's lists in {@link ImportOptions}) calls a credential
 * is hidden from the inputs, becomes an inferred requirement unless a declared one already
 * covers it, and is named in a warning. Declared requirements keep precedence: an inferred one
 * is only added beside them, and replaces only "no security information".
 *
 * <p>Not thread-safe: one per operation.
 */
public final class CredentialInference {

  private final ImportOptions options;
  private final List<AuthRequirement> declared;
  private final String operation;
  private final List<ImportWarning> warnings;
  private final Set<AuthRequirement> inferred = new LinkedHashSet<>();

  /**
   * Starts the inference of one operation.
   *
   * @param options the import's options: whether to infer, and the operator's lists
   * @param declared the operation's declared requirements
   * @param operation the operation's label in warnings
   * @param warnings where warnings go
   */
  public CredentialInference(ImportOptions options, List<AuthRequirement> declared,
      String operation, List<ImportWarning> warnings) {
    this.options = options;
    this.declared = List.copyOf(declared);
    this.operation = operation;
    this.warnings = warnings;
  }

  /**
   * Whether a parameter is hidden as a credential; if so, its requirement is recorded and a
   * warning names it. Parameters a declared requirement carries are the reader's business and
   * never reach this method.
   *
   * @param location where it goes
   * @param name its wire name
   * @param description its description, or null
   * @param type its schema's type, or null
   * @param credentialValue for Postman, a reason when its example value is a credential variable
   *     (such as {@code {{apiKey}}}), else null
   * @return true when the parameter is not an input
   */
  public boolean hides(ParameterBinding.Location location, String name,
      @Nullable String description, @Nullable String type, @Nullable String credentialValue) {
    if (!options.inferCredentials() || location == ParameterBinding.Location.BODY) {
      return false;
    }
    if (listed(options.inputParameters(), location, name)) {
      return false;
    }
    CredentialRule.Verdict verdict = CredentialRule.judge(location, name, description, type, operation);
    String reason;
    AuthRequirement requirement;
    boolean certain = true;
    if (listed(options.credentialParameters(), location, name)) {
      if (location == ParameterBinding.Location.PATH) {
        warnings.add(new ImportWarning(operation, "path parameter '" + name + "' is listed in "
            + "credentialParameters but a credential cannot travel in a path; it stays an input"));
        return false;
      }
      requirement = verdict instanceof CredentialRule.Verdict.Credential credential
          ? credential.requirement() : apiKey(location, name);
      reason = "listed in credentialParameters";
    } else if (verdict instanceof CredentialRule.Verdict.Credential credential) {
      requirement = credential.requirement();
      reason = credential.reason();
      certain = credential.certain();
    } else if (credentialValue != null && location != ParameterBinding.Location.PATH) {
      requirement = apiKey(location, name);
      reason = credentialValue;
    } else {
      return false;
    }
    AuthRequirement covering = covering(requirement, name);
    String outcome;
    if (covering != null) {
      outcome = "the declared " + covering.kind().wireName() + " requirement carries it";
    } else {
      inferred.add(requirement);
      outcome = "inferred requirement " + describe(requirement);
    }
    warnings.add(new ImportWarning(operation, location.name().toLowerCase(Locale.ROOT)
        + " parameter '" + name + "' hidden as a credential: " + reason + "; " + outcome
        + (certain ? "" : "; list it in inputParameters if it is business data")));
    return true;
  }

  /**
   * The operation's requirements: the declared ones, then the inferred ones; an inferred one
   * replaces only an "unknown" that means the description says nothing about auth.
   *
   * @return the requirements
   */
  public List<AuthRequirement> requirements() {
    if (inferred.isEmpty()) {
      return declared;
    }
    List<AuthRequirement> all = new ArrayList<>();
    for (AuthRequirement requirement : declared) {
      if (requirement.kind() != AuthKind.UNKNOWN) {
        all.add(requirement);
      }
    }
    all.addAll(inferred);
    return List.copyOf(all);
  }

  /** A declared requirement that already carries what an inferred one would. */
  private @Nullable AuthRequirement covering(AuthRequirement candidate, String name) {
    // AWS Signature V4 parts belong to whatever declared scheme signs the request.
    boolean awsPart = name.toLowerCase(Locale.ROOT).startsWith("x-amz-");
    for (AuthRequirement requirement : declared) {
      if (awsPart && usesAuthorizationHeader(requirement)) {
        return requirement;
      }
      if (candidate instanceof AuthRequirement.ApiKey key
          && requirement instanceof AuthRequirement.ApiKey declaredKey
          && declaredKey.location() == key.location()
          && (key.location() == AuthRequirement.Location.HEADER
              ? declaredKey.name().equalsIgnoreCase(key.name())
              : declaredKey.name().equals(key.name()))) {
        return requirement;
      }
      if (candidate.kind() == AuthKind.OAUTH2 && (requirement.kind() == AuthKind.OAUTH2
          || requirement.kind() == AuthKind.OPEN_ID_CONNECT)) {
        return requirement;
      }
      if (candidate.kind() == AuthKind.BEARER && usesAuthorizationHeader(requirement)) {
        return requirement;
      }
    }
    return null;
  }

  private static boolean usesAuthorizationHeader(AuthRequirement requirement) {
    return switch (requirement.kind()) {
      case NONE, UNKNOWN, MUTUAL_TLS, COOKIE -> false;
      case API_KEY -> {
        AuthRequirement.ApiKey key = (AuthRequirement.ApiKey) requirement;
        yield key.location() == AuthRequirement.Location.HEADER
            && key.name().equalsIgnoreCase("authorization");
      }
      default -> true;
    };
  }

  private static String describe(AuthRequirement requirement) {
    if (requirement instanceof AuthRequirement.ApiKey key) {
      return "apiKey (" + key.location().name().toLowerCase(Locale.ROOT) + " '" + key.name()
          + "')";
    }
    return requirement.kind().wireName();
  }

  private static AuthRequirement apiKey(ParameterBinding.Location location, String name) {
    AuthRequirement.Location where = switch (location) {
      case QUERY -> AuthRequirement.Location.QUERY;
      case COOKIE -> AuthRequirement.Location.COOKIE;
      default -> AuthRequirement.Location.HEADER;
    };
    return new AuthRequirement.ApiKey(where, name, AuthRequirement.Origin.INFERRED);
  }

  /** Whether {@code name} or {@code location:name} in a list names this parameter. */
  private static boolean listed(List<String> references, ParameterBinding.Location location,
      String name) {
    String place = location.name().toLowerCase(Locale.ROOT);
    for (String reference : references) {
      int colon = reference.indexOf(':');
      String wanted = colon < 0 ? reference : reference.substring(colon + 1);
      if (colon >= 0 && !reference.substring(0, colon).equalsIgnoreCase(place)) {
        continue;
      }
      boolean same = location == ParameterBinding.Location.HEADER
          ? wanted.strip().equalsIgnoreCase(name) : wanted.strip().equals(name);
      if (same) {
        return true;
      }
    }
    return false;
  }
}
