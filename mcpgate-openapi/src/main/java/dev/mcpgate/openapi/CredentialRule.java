package dev.mcpgate.openapi;

import dev.mcpgate.api.AuthRequirement;
import dev.mcpgate.api.ParameterBinding;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The rule by which the importer recognizes a parameter that carries a credential although no
 * security scheme declares it, from the parameter's location, name, description and type: such
 * as a query parameter {@code key} described as "API key", or a header {@code X-Auth-Token}.
 * Such a parameter is not offered to the caller; it becomes an {@linkplain
 * AuthRequirement.Origin#INFERRED inferred} auth requirement, satisfied behind the gateway.
 *
 * <p>The rule, in order (documented with its names and phrases in {@code docs/import.md}):
 *
 * <ol>
 *   <li>a path parameter identifies a resource: it stays an input;
 *   <li>a parameter whose schema is a boolean, number, integer, array or object is data;
 *   <li>the headers {@code Authorization} and {@code Proxy-Authorization} and the AWS Signature
 *       V4 parameters carry credentials whatever their description;
 *   <li>a signature is computed per request: it stays an input;
 *   <li>a pagination name ({@code nextToken}, {@code pageToken}, {@code cursor}, {@code
 *       marker}, ...) stays an input whatever its description says;
 *   <li>a description saying the value is the thing being revoked, deleted, inspected or
 *       searched for, or naming it as an identifier, keeps it an input;
 *   <li>a cookie carrying a session or a token is a credential;
 *   <li>a credential's name ({@code api_key}, {@code access_token}, {@code X-Auth-Token},
 *       {@code password}, ...) is a credential;
 *   <li>an ambiguous name ({@code key}, {@code token}, {@code secret}, ...) is settled by its
 *       description: a credential phrase hides it; a description naming another kind of value, or
 *       saying the parameter is no longer available, keeps it; a {@code key} of an operation on
 *       metadata, properties, settings or attributes is the entry's key; where nothing settles
 *       it, it is hidden and the verdict says the rule could not tell;
 *   <li>any other parameter is a credential only when its description opens by calling it an
 *       API key, access token, OAuth token, secret or password.
 * </ol>
 *
 * <p>Stateless and thread-safe.
 */
public final class CredentialRule {

  /** Header names that always carry a credential. */
  private static final Set<String> AUTHORIZATION = Set.of("authorization", "proxyauthorization");

  /** AWS Signature Version 4 parts: computed by the signer, never by a caller. */
  private static final Set<String> AWS_SIGV4 = Set.of("xamzsecuritytoken", "xamzsignature",
      "xamzcredential", "xamzsignedheaders", "xamzdate", "xamzalgorithm", "xamzcontentsha256");

  /** Names (lower case, letters and digits only) that are credentials in any location. */
  private static final Set<String> CREDENTIAL_NAMES = Set.of(
      "apikey", "xapikey", "apitoken", "xapitoken", "apisecret", "xapisecret", "apisecretkey",
      "accesstoken", "xaccesstoken", "oauthtoken", "oauth2token", "oauthaccesstoken",
      "authtoken", "xauthtoken", "authenticationtoken", "authorizationtoken", "xauthkey",
      "authkey", "authsecret", "xauthsecret", "bearertoken", "sessiontoken", "xsessiontoken",
      "securitytoken", "xsecuritytoken", "usertoken", "apptoken", "appkey", "appsecret",
      "applicationkey", "xapplicationkey", "secretkey", "accesskey", "privatekey", "clientsecret",
      "consumersecret", "subscriptionkey", "ocpapimsubscriptionkey", "password", "passwd", "pwd",
      "xtoken", "xkey", "xsecret", "xpassword", "apipassword", "userpassword");

  /** Endings (of a normalized name) that make a credential name: {@code x-listenapi-key}. */
  private static final Pattern CREDENTIAL_ENDING = Pattern.compile(
      ".*(apikey|apitoken|apisecret|accesstoken|authtoken|authkey|authsecret|secretkey|"
          + "oauthtoken|bearertoken|sessiontoken|securitytoken|clientsecret|password|passwd|"
          + "appkey|apptoken|usertoken|servertoken|accounttoken|servicetoken|devtoken|"
          + "systemkey|systemsecret|authentication|authorization|sdkkey|sharedsecret|tokensecret|"
          + "keysecret|consumerkey)");

  /**
   * Pagination names (normalized): a page token or cursor the previous response returned, never
   * a credential, whatever its description says ("The API token." for AppSync's
   * {@code nextToken}).
   */
  private static final Pattern PAGINATION = Pattern.compile(
      "(next|nextpage|prev|previous|previouspage|page|paging|pagination|continuation|continue|"
          + "starting|start|resume|skip|sync|nextsync|scroll|shard|iterator|results?)token|"
          + "(next|prev|previous|page|start|after|before|end)?cursor|"
          + "(next|start|key|keyid|uploadid|versionid|idmarker|nextkey|nextuploadid|"
          + "nextversionid)?marker|exclusivestartkey|lastevaluatedkey");

  /** A description saying the parameter no longer does anything. */
  private static final Pattern DEPRECATED = Pattern.compile(
      "(?i)\\b(no longer (available|supported|used|in use)|deprecated|obsolete)\\b");

  /** Words of an operation's path on entries that have keys: metadata, properties, settings. */
  private static final Pattern KEYED_ENTRIES = Pattern.compile(
      "(?i)(meta|propert|setting|attribute|translation|label|dictionar)");

  /** Names that may or may not be credentials: a description must settle them. */
  private static final Set<String> AMBIGUOUS = Set.of(
      "key", "token", "secret", "auth", "pass", "pw", "sessionid", "session", "sid",
      "authentication", "signature", "userkey", "apiauth", "credentials", "credential");

  /** Cookie names that carry a session or a token. */
  private static final Pattern SESSION_COOKIE = Pattern.compile(
      ".*(session|sess|sid|token|auth|jwt|login|remember|key|secret).*");

  /** Phrases by which a description calls the value a credential. */
  private static final Pattern CREDENTIAL_PHRASE = Pattern.compile("(?i)(?<![\\w`])("
      + "api[ _-]?key|api[ _-]?token|api[ _-]?secret|app(lication)? (key|token|secret)|"
      + "access[ _-]?token|access key|oauth( ?2(\\.0)?)? (access )?token|bearer token|"
      + "auth(entication|orization)? token|auth(entication)? key|session token|security (token|key)|"
      + "secret( access)? key|client secret|consumer secret|private (key|token)|personal token|"
      + "personal access token|subscription key|user token|password|passphrase|credentials?|"
      + "authenticat(es?|ion)|authori[sz](es?|ation)|allowing access|grants? access|"
      + "your (secret|token|key)|secret token|auth(entication)? ticket)(?![\\w`])"
      + "(?!\\s+(types?|ids?|identifiers?|names?|formats?|expir\\w*|lifetime|length|strategy|"
      + "update|urls?|uris?|endpoint|profile|rule|provider|method|policy|settings?|scopes?)\\b)");

  /**
   * Phrases by which a description says the value is the object of the operation, or a filter:
   * they keep even a credential's name an input.
   */
  private static final Pattern STRONG_BUSINESS = Pattern.compile("(?i)("
      + "\\b(token|key|secret|password|credential|session)s? to (be )?(inspect|introspect|revoke|"
      + "delete|remove|invalidate|validate|verify|check|look ?up|update|rotate|regenerate|expire|"
      + "analy[sz]e|test|hash|encrypt|decrypt|reset|"
      + "disable|enable|resolve|describe|deactivate|activate|rename|exchange|refresh|set|"
      + "resolve)(ed)?\\b|"
      + "\\b(being|is|was|are) (inspected|introspected|revoked|deleted|validated|verified|"
      + "checked)\\b|"
      + "\\bcompromised\\b|"
      + "\\b(id|identifier|name|uuid) of (the|a|an)\\b|\\b(key|token|secret)('s)? "
      + "(id|identifier|name|uuid)\\b|\\bfilter|\\bsearch|\\bsort|"
      + "\\bto (update|rotate|revoke|delete|reset|change|set) (the |a |an |your )?(\\w+ )?"
      + "(token|key|secret|password)\\b)");

  /**
   * Phrases by which a description says what else the value is: they settle an ambiguous name
   * ({@code key}, {@code token}) as business data.
   */
  private static final Pattern WEAK_BUSINESS = Pattern.compile("(?i)("
      + "\\bpage\\b|\\bpaginat|\\bnext ?token|\\bcontinu|\\bcursor|\\bobject|\\bbucket|"
      + "\\bfile\\b|\\bcache|\\brecord|\\bsetting|\\bproperty|\\battribute|\\bmetadata|"
      + "\\bdictionary|\\bpartition|\\bprimary key|\\bidempoten|\\btranslation|\\blabel|"
      + "\\bfield\\b|\\bidentif(y|ies|ying) the|\\bunique identifier|\\bencryption key|"
      + "\\bprefix\\b|\\breturned (by|from|to|in)\\b|\\breceived from|\\bgenerated (by|from)|"
      + "\\bsent (to|during)|\\bprovided by the|\\bemail\\b|\\baddress\\b|\\bid\\b|\\bname of\\b|"
      + "\\bnext\\b|\\bresults\\b|\\breturned\\b|"
      + "\\b(token|secret|key|password) of (the|a|an|this)\\b)");

  /**
   * Names that say what else a value is ({@code keyType}, {@code redirect_uri}): their
   * description alone never makes them credentials.
   */
  private static final Pattern OTHER_DATA = Pattern.compile(
      ".*(type|types|scope|url|uri|status|region|domain|description|state|include|code|mode|"
          + "strategy|format|date|rule|name|method|provider|profile|policy|content)\\d*");

  /** "X token", "X key": the word before decides whether it is a credential. */
  private static final Pattern QUALIFIED = Pattern.compile(
      "(?i)\\b([a-z][a-z0-9]*)\\s+(token|key|secret)\\b");

  /** Words before "token" or "key" that still mean a credential. */
  private static final Set<String> CREDENTIAL_QUALIFIERS = Set.of(
      "api", "access", "auth", "authentication", "authorization", "oauth", "bearer", "session",
      "private", "secret", "security", "app", "application", "personal", "login",
      "refresh", "id", "jwt", "your", "the", "a", "an", "this", "valid", "developer", "client",
      "subscription", "license", "account", "service", "consumer", "partner", "server", "sdk",
      "my", "its", "their", "our", "provided", "same", "required", "optional");

  private CredentialRule() {}

  /** What the rule says of one parameter. */
  public sealed interface Verdict {

    /**
     * The parameter carries a credential: it is hidden and becomes a requirement.
     *
     * @param requirement the requirement it stands for, {@linkplain
     *     AuthRequirement.Origin#INFERRED inferred}
     * @param reason why, for an operator, such as {@code the description calls it an API key}
     * @param certain false when the rule could not tell and hid it to be safe
     */
    record Credential(AuthRequirement requirement, String reason, boolean certain)
        implements Verdict {
      /** Validates the fields. */
      public Credential {
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(reason, "reason");
      }
    }

    /**
     * The parameter looks like a credential by its name but is business data: it stays an
     * input.
     *
     * @param reason why, such as {@code a path parameter identifies a resource}
     */
    record LookAlike(String reason) implements Verdict {
      /** Validates the fields. */
      public LookAlike {
        Objects.requireNonNull(reason, "reason");
      }
    }

    /** An ordinary input: nothing about it suggests a credential. */
    record Input() implements Verdict {}
  }

  /**
   * Judges one parameter.
   *
   * @param location where the parameter goes (the body is never a credential)
   * @param name its name on the wire
   * @param description its description, or null
   * @param type its schema's {@code type}, or null when it has none or several
   * @return the verdict
   */
  public static Verdict judge(ParameterBinding.Location location, String name,
      @Nullable String description, @Nullable String type) {
    return judge(location, name, description, type, null);
  }

  /**
   * Judges one parameter of an operation whose path is known: the path settles a {@code key}
   * that nothing else settles ({@code key} of {@code /cart.meta_data.list.json} is a metadata
   * entry's key).
   *
   * @param location where the parameter goes (the body is never a credential)
   * @param name its name on the wire
   * @param description its description, or null
   * @param type its schema's {@code type}, or null when it has none or several
   * @param operationPath the operation's path (or its label, such as {@code GET /settings}),
   *     or null when unknown
   * @return the verdict
   */
  public static Verdict judge(ParameterBinding.Location location, String name,
      @Nullable String description, @Nullable String type, @Nullable String operationPath) {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(name, "name");
    String normalized = normalize(name);
    String text = description == null ? "" : description.strip();
    boolean lookalikeName = looksLikeCredential(normalized, location);
    if (location == ParameterBinding.Location.BODY) {
      return new Verdict.Input();
    }
    if (location == ParameterBinding.Location.PATH) {
      return lookalikeName || CREDENTIAL_PHRASE.matcher(text).find()
          ? new Verdict.LookAlike("a path parameter identifies a resource")
          : new Verdict.Input();
    }
    if (type != null && !type.equals("string")) {
      return lookalikeName
          ? new Verdict.LookAlike("its schema is a " + type + ", not a credential's string")
          : new Verdict.Input();
    }
    if (location == ParameterBinding.Location.HEADER && AUTHORIZATION.contains(normalized)) {
      return authorization(name, text);
    }
    if (AWS_SIGV4.contains(normalized)) {
      return credential(apiKey(location, name),
          "a part of an AWS Signature V4, which the signer computes", true);
    }
    if (normalized.endsWith("signature")) {
      return new Verdict.LookAlike("a signature is computed for each request, not a stored "
          + "credential");
    }
    if (PAGINATION.matcher(normalized).matches()) {
      return !lookalikeName ? new Verdict.Input() : new Verdict.LookAlike("'" + name
          + "' is a pagination name: a page token or cursor a previous response returned");
    }
    Matcher strongBusiness = STRONG_BUSINESS.matcher(text);
    boolean saysCredential = callsItACredential(text);
    if (strongBusiness.find() && (lookalikeName || saysCredential)) {
      return new Verdict.LookAlike("the description says it is business data ('"
          + strongBusiness.group().strip() + "')");
    }
    if (location == ParameterBinding.Location.COOKIE) {
      if (SESSION_COOKIE.matcher(normalized).matches() || saysCredential) {
        return credential(apiKey(location, name), "a cookie carrying a session or a token",
            true);
      }
      return new Verdict.Input();
    }
    boolean strongName = CREDENTIAL_NAMES.contains(normalized)
        || CREDENTIAL_ENDING.matcher(normalized).matches()
        || (normalized.length() > 7 && normalized.endsWith("auth"))
        || (location == ParameterBinding.Location.HEADER && normalized.length() > 7
            && normalized.endsWith("userkey"));
    if (strongName) {
      return credential(requirement(location, name, normalized, text),
          "its name '" + name + "' is a credential's name", true);
    }
    Matcher weakBusiness = WEAK_BUSINESS.matcher(text);
    boolean saysBusiness = weakBusiness.find();
    if (AMBIGUOUS.contains(normalized)) {
      if (saysCredential) {
        return credential(requirement(location, name, normalized, text),
            "the description calls it a credential (" + quote(text) + ")", true);
      }
      if (saysBusiness || qualifiedAsBusiness(text)) {
        return new Verdict.LookAlike("the description names another kind of " + normalized
            + " (" + quote(text) + ")");
      }
      if (DEPRECATED.matcher(text).find()) {
        return new Verdict.LookAlike("the description says the parameter is no longer in use "
            + "and does not call it a credential (" + quote(text) + ")");
      }
      if (normalized.equals("key") && operationPath != null
          && KEYED_ENTRIES.matcher(operationPath).find()) {
        return new Verdict.LookAlike("a 'key' of an operation on metadata, properties or "
            + "settings is an entry's key");
      }
      if (normalized.startsWith("session") || normalized.equals("sid")) {
        return new Verdict.LookAlike("a '" + name + "' without a description calling it a "
            + "credential is data");
      }
      return credential(requirement(location, name, normalized, text),
          "the rule cannot tell whether '" + name + "' is a credential or business data"
              + (text.isEmpty() ? " (no description)" : " (" + quote(text) + ")")
              + "; hidden to be safe", false);
    }
    if (saysCredential && !saysBusiness && !OTHER_DATA.matcher(normalized).matches()
        && callsItACredentialEarly(text)) {
      return credential(requirement(location, name, normalized, text),
          "the description calls it a credential (" + quote(text) + ")", true);
    }
    return lookalikeName
        ? new Verdict.LookAlike("its name contains '" + lookalikeWord(normalized)
            + "' but is not a credential's name")
        : new Verdict.Input();
  }

  /**
   * A description that opens by calling the value a credential ("Your API key", "OAuth token"),
   * with one of the phrases that name a credential itself, not words about authentication.
   */
  private static boolean callsItACredentialEarly(String text) {
    Matcher phrase = CREDENTIAL_PHRASE.matcher(text);
    while (phrase.find() && phrase.start() < 40) {
      String found = phrase.group(1).toLowerCase(Locale.ROOT);
      if (!found.startsWith("authenticat") && !found.startsWith("authori")
          && !found.startsWith("credential") && !found.equals("allowing access")
          && !found.startsWith("grant")) {
        return true;
      }
    }
    return false;
  }

  private static Verdict authorization(String name, String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    boolean apiKey = !lower.contains("bearer") && CREDENTIAL_PHRASE.matcher(text).find()
        && (lower.contains("api key") || lower.contains("api-key") || lower.contains("apikey"));
    if (apiKey || normalize(name).equals("proxyauthorization")) {
      return credential(new AuthRequirement.ApiKey(AuthRequirement.Location.HEADER, name,
          AuthRequirement.Origin.INFERRED), "the '" + name + "' header carries a credential"
          + (apiKey ? " (the description calls it an API key)" : ""), true);
    }
    return credential(new AuthRequirement.Bearer(null, AuthRequirement.Origin.INFERRED),
        "the '" + name + "' header carries a credential", true);
  }

  private static Verdict credential(AuthRequirement requirement, String reason, boolean certain) {
    return new Verdict.Credential(requirement, reason, certain);
  }

  /** An OAuth access token by its name or description; an API key otherwise. */
  private static AuthRequirement requirement(ParameterBinding.Location location, String name,
      String normalized, String text) {
    boolean oauth = normalized.equals("accesstoken") || normalized.equals("oauthtoken")
        || normalized.equals("oauth2token") || normalized.equals("oauthaccesstoken")
        || (normalized.endsWith("token") && text.toLowerCase(Locale.ROOT).contains("oauth"));
    if (oauth) {
      return new AuthRequirement.OAuth2(java.util.List.of(), null, java.util.List.of(),
          AuthRequirement.Origin.INFERRED);
    }
    return apiKey(location, name);
  }

  private static AuthRequirement apiKey(ParameterBinding.Location location, String name) {
    return new AuthRequirement.ApiKey(where(location), name, AuthRequirement.Origin.INFERRED);
  }

  private static AuthRequirement.Location where(ParameterBinding.Location location) {
    return switch (location) {
      case QUERY -> AuthRequirement.Location.QUERY;
      case COOKIE -> AuthRequirement.Location.COOKIE;
      default -> AuthRequirement.Location.HEADER;
    };
  }

  private static boolean callsItACredential(String text) {
    Matcher phrase = CREDENTIAL_PHRASE.matcher(text);
    while (phrase.find()) {
      String found = phrase.group(1).toLowerCase(Locale.ROOT);
      // "authenticates"/"authorization" alone are credentials only near the start: "The
      // authentication token is used to..." yes, "requires authorization of the owner" no.
      if (found.startsWith("authenticat") || found.startsWith("authori")
          || found.startsWith("credential") || found.equals("allowing access")
          || found.startsWith("grant")) {
        if (phrase.start() < 40) {
          return true;
        }
        continue;
      }
      return true;
    }
    return false;
  }

  /** "Lock token", "the project key": the word before says it is something else. */
  private static boolean qualifiedAsBusiness(String text) {
    Matcher qualified = QUALIFIED.matcher(text);
    while (qualified.find()) {
      if (!CREDENTIAL_QUALIFIERS.contains(qualified.group(1).toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  /** Whether a name contains a credential's word at all; such a kept name is a look-alike. */
  private static boolean looksLikeCredential(String normalized,
      ParameterBinding.Location location) {
    return normalized.contains("key") || normalized.contains("token")
        || normalized.contains("secret") || normalized.contains("passw")
        || (normalized.contains("auth") && !normalized.matches(".*author(?!i[sz]).*"))
        || normalized.contains("session")
        || normalized.equals("sid") || normalized.contains("credential")
        || normalized.contains("signature")
        || (location == ParameterBinding.Location.COOKIE && normalized.contains("sid"));
  }

  private static String lookalikeWord(String normalized) {
    for (String word : new String[] {"key", "token", "secret", "passw", "auth", "session",
        "credential", "signature", "sid"}) {
      if (normalized.contains(word)) {
        return word;
      }
    }
    return normalized;
  }

  private static String quote(String text) {
    String line = text.replaceAll("\\s+", " ");
    return "'" + (line.length() > 60 ? line.substring(0, 57) + "..." : line) + "'";
  }

  /**
   * A name as the rule compares it: lower case, letters and digits only.
   *
   * @param name a parameter name
   * @return such as {@code xapikey} for {@code X-API-Key}
   */
  static String normalize(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = Character.toLowerCase(name.charAt(i));
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        out.append(c);
      }
    }
    return out.toString();
  }
}
