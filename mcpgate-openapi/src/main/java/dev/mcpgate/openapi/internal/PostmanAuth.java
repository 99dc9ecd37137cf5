package dev.mcpgate.openapi.internal;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.AuthRequirement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Maps a Postman {@code auth} object to an {@link AuthRequirement}, keeping only non-secret
 * details, and names the headers and query parameters that carry it so they never become tool
 * inputs. Handles v2.1 parameters (an array of {@code key}/{@code value}) and v2.0 ones (an
 * object). Stateless and thread-safe.
 */
public final class PostmanAuth {

  /** Auth parameters whose values are settings, not credentials. */
  private static final Set<String> PLAIN_PARAMETERS = Set.of(
      "in", "key", "signaturemethod", "algorithm", "service", "region", "grant_type",
      "accesstokenurl", "authurl", "scope", "addtokento", "headerprefix", "version",
      "client_authentication", "challengealgorithm", "redirect_uri", "tokenname", "tokentype",
      "addparamstoheader", "autoaddparam", "addemptyparamstosign", "savehelperdata",
      "disableretryrequest", "usebrowser", "queryparamkey");

  /** The shortest credential value redacted from free text; shorter ones are too common. */
  private static final int MIN_REDACTED_LENGTH = 6;

  private PostmanAuth() {}

  /**
   * What a request's effective auth means for its tool.
   *
   * @param requirement the requirement
   * @param headers the lower-cased header names that carry it
   * @param queryParameters the query parameter names that carry it
   */
  public record Detected(
      AuthRequirement requirement, Set<String> headers, Set<String> queryParameters) {

    /** Copies the sets. */
    public Detected {
      headers = Set.copyOf(headers);
      queryParameters = Set.copyOf(queryParameters);
    }
  }

  /**
   * Detects the requirement of an effective auth object.
   *
   * @param auth the auth object in force (after inheritance), or null when nothing in the chain
   *     declares one
   * @param variables the collection's variables, to resolve non-secret settings
   * @return the requirement and the inputs it hides
   */
  public static Detected detect(@Nullable JsonNode auth, PostmanVariables variables) {
    if (auth == null) {
      return new Detected(new AuthRequirement.Unknown("no auth declared"), Set.of(), Set.of());
    }
    String type = PostmanJson.text(auth, "type");
    if (type == null) {
      return new Detected(new AuthRequirement.Unknown("auth without a type"), Set.of(), Set.of());
    }
    type = type.strip().toLowerCase(Locale.ROOT);
    Map<String, String> params = parameters(auth.get(type));
    return switch (type) {
      case "noauth" -> new Detected(new AuthRequirement.None(), Set.of(), Set.of());
      case "apikey" -> apiKey(params, variables);
      case "bearer" -> new Detected(new AuthRequirement.Bearer(null), Set.of("authorization"),
          Set.of());
      case "basic" -> new Detected(new AuthRequirement.Basic(), Set.of("authorization"),
          Set.of());
      case "digest" -> signed(AuthKind.DIGEST, Map.of());
      case "oauth1" -> new Detected(
          new AuthRequirement.Signed(AuthKind.OAUTH1,
              plain(params, variables, "signatureMethod", "signatureMethod")),
          Set.of("authorization"),
          Set.of("oauth_consumer_key", "oauth_token", "oauth_signature_method",
              "oauth_timestamp", "oauth_nonce", "oauth_version", "oauth_signature",
              "oauth_callback", "oauth_verifier", "oauth_body_hash"));
      case "oauth2" -> oauth2(params, variables);
      case "hawk" -> signed(AuthKind.HAWK, Map.of());
      case "awsv4" -> {
        Map<String, String> details = new LinkedHashMap<>();
        details.putAll(plain(params, variables, "service", "service"));
        details.putAll(plain(params, variables, "region", "region"));
        yield new Detected(new AuthRequirement.Signed(AuthKind.AWS_SIG_V4, details),
            Set.of("authorization", "x-amz-date", "x-amz-security-token",
                "x-amz-content-sha256"),
            Set.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
                "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token"));
      }
      case "ntlm" -> signed(AuthKind.NTLM, Map.of());
      case "edgegrid" -> signed(AuthKind.EDGEGRID, Map.of());
      case "jwt" -> {
        Detected detected = signed(AuthKind.JWT, plain(params, variables, "algorithm",
            "algorithm"));
        String name = plain(params, variables, "queryParamKey", "key").get("key");
        yield name == null ? detected
            : new Detected(detected.requirement(), detected.headers(), Set.of(name));
      }
      case "inherit" -> new Detected(new AuthRequirement.Unknown("inherit"), Set.of(),
          Set.of());
      default -> new Detected(new AuthRequirement.Unknown(type), Set.of("authorization"),
          Set.of());
    };
  }

  /**
   * The credential values an auth object holds (everything but its plain settings), for
   * redaction from free text such as descriptions, and the variables its credentials come from,
   * which are then never substituted anywhere.
   *
   * @param auth an auth object
   * @param values where the literal credential values go
   * @param variableNames where the names of variables holding credentials go
   */
  public static void collectSecrets(JsonNode auth, Set<String> values, Set<String> variableNames) {
    String type = PostmanJson.text(auth, "type");
    if (type == null) {
      return;
    }
    parameters(auth.get(type.strip().toLowerCase(Locale.ROOT))).forEach((key, value) -> {
      if (PLAIN_PARAMETERS.contains(key.toLowerCase(Locale.ROOT))) {
        return;
      }
      var references = PostmanVariables.REFERENCE.matcher(value);
      while (references.find()) {
        variableNames.add(references.group(1));
      }
      if (value.strip().length() >= MIN_REDACTED_LENGTH
          && PostmanVariables.soleReference(value) == null) {
        values.add(value.strip());
      }
    });
  }

  private static Detected signed(AuthKind kind, Map<String, String> details) {
    return new Detected(new AuthRequirement.Signed(kind, details), Set.of("authorization"),
        Set.of());
  }

  private static Detected apiKey(Map<String, String> params, PostmanVariables variables) {
    String name = params.get("key");
    name = name == null ? null : variables.resolve(name).strip();
    if (name == null || name.isEmpty() || PostmanVariables.hasReference(name)) {
      return new Detected(new AuthRequirement.Unknown("apikey without a parameter name"),
          Set.of("authorization"), Set.of());
    }
    String in = params.getOrDefault("in", "header").strip().toLowerCase(Locale.ROOT);
    if (in.equals("query")) {
      return new Detected(new AuthRequirement.ApiKey(AuthRequirement.Location.QUERY, name),
          Set.of("authorization"), Set.of(name));
    }
    return new Detected(new AuthRequirement.ApiKey(AuthRequirement.Location.HEADER, name),
        Set.of("authorization", name.toLowerCase(Locale.ROOT)), Set.of());
  }

  private static Detected oauth2(Map<String, String> params, PostmanVariables variables) {
    List<String> flows = new ArrayList<>();
    String grant = plain(params, variables, "grant_type", "g").get("g");
    if (grant != null) {
      flows.add(switch (grant.toLowerCase(Locale.ROOT)) {
        case "authorization_code", "authorization_code_with_pkce" -> "authorizationCode";
        case "client_credentials" -> "clientCredentials";
        case "password", "password_credentials" -> "password";
        case "implicit" -> "implicit";
        default -> grant;
      });
    }
    String tokenUrl = plain(params, variables, "accessTokenUrl", "u").get("u");
    String scope = plain(params, variables, "scope", "s").get("s");
    List<String> scopes = new ArrayList<>();
    if (scope != null) {
      for (String one : scope.split("[\\s,]+")) {
        if (!one.isEmpty()) {
          scopes.add(one);
        }
      }
    }
    String addTo = params.getOrDefault("addTokenTo", "header");
    Set<String> query = addTo.equalsIgnoreCase("queryParams") ? Set.of("access_token")
        : Set.of();
    return new Detected(new AuthRequirement.OAuth2(flows, tokenUrl, scopes),
        Set.of("authorization"), query);
  }

  /**
   * A setting as a one-entry map, when it is a plain value: variables with a value are
   * substituted; a value still holding a variable, or empty, is left out.
   */
  private static Map<String, String> plain(
      Map<String, String> params, PostmanVariables variables, String key, String as) {
    String value = params.get(key);
    if (value == null) {
      return Map.of();
    }
    String resolved = variables.resolve(value).strip();
    if (resolved.isEmpty() || PostmanVariables.hasReference(resolved)) {
      return Map.of();
    }
    return Map.of(as, resolved);
  }

  /** v2.1: {@code [{key, value}]}; v2.0: {@code {key: value}}. Containers are skipped. */
  private static Map<String, String> parameters(@Nullable JsonNode node) {
    Map<String, String> params = new LinkedHashMap<>();
    if (node == null) {
      return params;
    }
    if (node.isArray()) {
      for (JsonNode entry : node) {
        String key = entry.isObject() ? PostmanJson.text(entry, "key") : null;
        String value = key == null ? null : PostmanJson.text(entry, "value");
        if (key != null && value != null) {
          params.put(key, value);
        }
      }
    } else if (node.isObject()) {
      for (var field : node.properties()) {
        JsonNode value = field.getValue();
        if (!value.isContainer() && !value.isNull()) {
          params.put(field.getKey(), value.asString());
        }
      }
    }
    return params;
  }
}
