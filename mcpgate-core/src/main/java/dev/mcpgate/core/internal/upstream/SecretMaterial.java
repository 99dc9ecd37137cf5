package dev.mcpgate.core.internal.upstream;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.Secret;
import dev.mcpgate.core.internal.redaction.Redactor;
import dev.mcpgate.core.upstream.UpstreamRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What of a call's credential counts as secret and is redacted from the upstream's answer: every
 * value of the resolved secret (a stored key, an OAuth2 access token or a login's session
 * cookies, which resolvers issue to the gateway), each part of a secret of parts on its own, each
 * value of a cookie header, the user-and-password pair a Basic token encodes, each line of a
 * multi-line value (a PEM key), and the signature a signing strategy put on one request.
 *
 * <p>Parts that name rather than prove (a user name, an OAuth2 client id, an AWS access key id, a
 * certificate) are redacted when long enough but need not be: every other value must have at
 * least {@value Redactor#MIN_SECRET_LENGTH} characters, or the secret is refused ({@link
 * #tooShort}).
 */
public final class SecretMaterial {

  /** Parts that identify the gateway rather than prove it; they may be short. */
  private static final Set<String> IDENTIFIERS =
      Set.of("username", "clientId", "accessKeyId", "certificate", "keyId", "region");
  private static final Pattern AWS_SIGNATURE = Pattern.compile("Signature=([0-9a-fA-F]+)");

  private SecretMaterial() {}

  /**
   * The values of a resolved secret to redact.
   *
   * @param binding the binding, for its kind
   * @param secret the secret
   * @return the values, without duplicates
   */
  public static List<String> of(CredentialBinding binding, Secret secret) {
    Set<String> values = new LinkedHashSet<>();
    for (Map.Entry<String, String> value : values(secret).entrySet()) {
      values.add(value.getValue());
      if (binding.kind() == AuthKind.COOKIE && value.getKey().isEmpty()) {
        values.addAll(cookieValues(value.getValue()));
      }
      value.getValue().lines().map(String::strip).forEach(values::add);
    }
    if (binding.kind() == AuthKind.BASIC && secret.partNames().contains("username")
        && secret.partNames().contains("password")) {
      String pair = secret.reveal("username") + ":" + secret.reveal("password");
      values.add(pair);
      // The token as the header carries it, for an echo that encodes the header once more.
      values.add(java.util.Base64.getEncoder().encodeToString(
          pair.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    return List.copyOf(values);
  }

  /**
   * The signature a signing strategy put on a request: HMAC's signature header, AWS's {@code
   * Signature=} value.
   *
   * @param binding the binding, for its kind and settings
   * @param signed the request as sent
   * @return the values, possibly none
   */
  public static List<String> signatures(CredentialBinding binding, UpstreamRequest signed) {
    List<String> values = new ArrayList<>();
    if (binding.kind() == AuthKind.HMAC) {
      String header = binding.settings().getOrDefault("signatureHeader", "X-Signature");
      values.addAll(signed.headers().values(header));
    } else if (binding.kind() == AuthKind.AWS_SIG_V4) {
      for (String authorization : signed.headers().values("Authorization")) {
        Matcher signature = AWS_SIGNATURE.matcher(authorization);
        if (signature.find()) {
          values.add(signature.group(1));
        }
      }
    }
    return values;
  }

  /**
   * Why a secret cannot be redacted safely, naming the binding and the part, never the value.
   *
   * @param binding the binding
   * @param secret the secret
   * @return the reason, or empty when every value is long enough
   */
  public static Optional<String> tooShort(CredentialBinding binding, Secret secret) {
    for (Map.Entry<String, String> value : values(secret).entrySet()) {
      if (IDENTIFIERS.contains(value.getKey())) {
        continue;
      }
      List<String> checked = binding.kind() == AuthKind.COOKIE && value.getKey().isEmpty()
          ? cookieValues(value.getValue())
          : List.of(value.getValue());
      for (String each : checked) {
        if (!Redactor.isLongEnough(each.strip())) {
          String what = value.getKey().isEmpty()
              ? binding.kind() == AuthKind.COOKIE ? "a cookie value of its secret" : "its secret"
              : "its secret's part '" + value.getKey() + "'";
          return Optional.of("binding " + binding.id() + ": " + what + " has fewer than "
              + Redactor.MIN_SECRET_LENGTH + " characters, too few to be redacted safely from"
              + " upstream answers");
        }
      }
    }
    return Optional.empty();
  }

  /** Part names to values; the single value under the empty name. */
  private static Map<String, String> values(Secret secret) {
    if (secret.partNames().isEmpty()) {
      return Map.of("", secret.reveal());
    }
    Map<String, String> values = new java.util.LinkedHashMap<>();
    secret.partNames().forEach(part -> values.put(part, secret.reveal(part)));
    return values;
  }

  /** The values of a {@code Cookie} header value: {@code a=1; b=2} gives {@code 1} and {@code 2}. */
  private static List<String> cookieValues(String header) {
    List<String> values = new ArrayList<>();
    for (String pair : header.split(";")) {
      int equals = pair.indexOf('=');
      String value = (equals < 0 ? pair : pair.substring(equals + 1)).strip();
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      if (!value.isEmpty()) {
        values.add(value);
      }
    }
    return values;
  }
}
