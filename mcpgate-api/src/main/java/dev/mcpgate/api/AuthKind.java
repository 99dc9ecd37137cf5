package dev.mcpgate.api;

import java.util.Locale;

/**
 * The kinds of upstream authentication mcpgate recognizes, each with a stable wire name used in
 * configuration, import output and audit events.
 */
public enum AuthKind {
  /** The operation declares that it needs no authentication. */
  NONE("none"),
  /** The description says nothing about authentication: it may or may not need some. */
  UNKNOWN("unknown"),
  /** An API key in a header, query parameter or cookie. */
  API_KEY("apiKey"),
  /** HTTP Basic. */
  BASIC("basic"),
  /** An HTTP bearer token. */
  BEARER("bearer"),
  /** HTTP Digest. */
  DIGEST("digest"),
  /** OAuth 2.0. */
  OAUTH2("oauth2"),
  /** OpenID Connect discovery. */
  OPEN_ID_CONNECT("openIdConnect"),
  /** TLS client certificates. */
  MUTUAL_TLS("mutualTLS"),
  /** HMAC request signing. */
  HMAC("hmac"),
  /** AWS Signature Version 4. */
  AWS_SIG_V4("awsSigV4"),
  /** OAuth 1.0a request signing. */
  OAUTH1("oauth1"),
  /** Hawk. */
  HAWK("hawk"),
  /** NTLM. */
  NTLM("ntlm"),
  /** Akamai EdgeGrid. */
  EDGEGRID("edgegrid"),
  /** A JWT minted by the gateway for the upstream. */
  JWT("jwt"),
  /** A session cookie obtained by a login call. */
  COOKIE("cookie"),
  /** An HTTP authentication scheme with no dedicated kind; see {@link AuthRequirement.HttpScheme}. */
  HTTP("http");

  private final String wireName;

  AuthKind(String wireName) {
    this.wireName = wireName;
  }

  /**
   * The stable name used in configuration, import output and audit events.
   *
   * @return such as {@code apiKey} or {@code awsSigV4}
   */
  public String wireName() {
    return wireName;
  }

  /**
   * The kind with a wire name, matched case-insensitively.
   *
   * @param wireName such as {@code bearer}
   * @return the kind
   * @throws IllegalArgumentException if no kind has that name
   */
  public static AuthKind fromWireName(String wireName) {
    String wanted = wireName.toLowerCase(Locale.ROOT);
    for (AuthKind kind : values()) {
      if (kind.wireName.toLowerCase(Locale.ROOT).equals(wanted)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown auth kind '" + wireName + "'");
  }
}
