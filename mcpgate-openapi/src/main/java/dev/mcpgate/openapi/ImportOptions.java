package dev.mcpgate.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How to import a description: which operations, how to name tools, and the limits that keep a
 * hostile or broken document from exhausting the gateway. Immutable and thread-safe.
 */
public final class ImportOptions {

  /** The default limit on a document's size: 50 MB. */
  public static final long DEFAULT_MAX_DOCUMENT_BYTES = 50L * 1024 * 1024;

  /** The default limit on connecting to, and on waiting for, a description's URL: 30 seconds. */
  public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(30);

  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,15}");
  private static final Pattern SOURCE_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final List<String> PARAMETER_LOCATIONS = List.of("header", "query", "cookie");

  private final Selection selection;
  private final @Nullable String namePrefix;
  private final @Nullable String sourceId;
  private final @Nullable String serverUrl;
  private final long maxDocumentBytes;
  private final int maxRefDepth;
  private final int maxYamlAliases;
  private final boolean inferCredentials;
  private final List<String> credentialParameters;
  private final List<String> inputParameters;
  private final Duration fetchTimeout;

  private ImportOptions(Builder builder) {
    this.selection = builder.selection;
    this.namePrefix = builder.namePrefix;
    this.sourceId = builder.sourceId;
    this.serverUrl = builder.serverUrl;
    this.maxDocumentBytes = builder.maxDocumentBytes;
    this.maxRefDepth = builder.maxRefDepth;
    this.maxYamlAliases = builder.maxYamlAliases;
    this.inferCredentials = builder.inferCredentials;
    this.credentialParameters = List.copyOf(builder.credentialParameters);
    this.inputParameters = List.copyOf(builder.inputParameters);
    this.fetchTimeout = builder.fetchTimeout;
  }

  /**
   * The defaults: every non-deprecated operation, no prefix, 50 MB documents, {@code $ref}
   * chains up to 64 deep, at most 100 YAML aliases.
   *
   * @return the default options
   */
  public static ImportOptions defaults() {
    return builder().build();
  }

  /**
   * A builder with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Which operations become tools.
   *
   * @return the selection
   */
  public Selection selection() {
    return selection;
  }

  /**
   * A prefix put before every tool name (and an underscore), kept within the 64-character limit.
   *
   * @return the prefix, or null
   */
  public @Nullable String namePrefix() {
    return namePrefix;
  }

  /**
   * The source id recorded in every tool's {@link dev.mcpgate.api.ToolDefinition#source()}.
   *
   * @return the id, or null
   */
  public @Nullable String sourceId() {
    return sourceId;
  }

  /**
   * A base URL that replaces the servers the description declares.
   *
   * @return the URL, or null to use the description's first server
   */
  public @Nullable String serverUrl() {
    return serverUrl;
  }

  /**
   * The largest document accepted.
   *
   * @return bytes
   */
  public long maxDocumentBytes() {
    return maxDocumentBytes;
  }

  /**
   * The deepest chain of {@code $ref}s followed while translating a schema; a deeper one is
   * kept as a reference (recursive schemas) or cut with a warning.
   *
   * @return the depth
   */
  public int maxRefDepth() {
    return maxRefDepth;
  }

  /**
   * The most YAML aliases a document may use (a bound against "billion laughs" expansion).
   *
   * @return the count
   */
  public int maxYamlAliases() {
    return maxYamlAliases;
  }

  /**
   * Whether parameters that carry a credential without a security scheme declaring it are
   * recognized by the {@link CredentialRule}, hidden from the inputs and turned into inferred
   * requirements. On by default.
   *
   * @return true to infer
   */
  public boolean inferCredentials() {
    return inferCredentials;
  }

  /**
   * Parameters an operator decided are credentials, whatever the rule says: each {@code name}
   * (any location) or {@code location:name} ({@code header}, {@code query} or {@code cookie};
   * header names case-insensitive).
   *
   * @return the references, as given
   */
  public List<String> credentialParameters() {
    return credentialParameters;
  }

  /**
   * Parameters an operator decided are business inputs, whatever the rule says; the same
   * references as {@link #credentialParameters()}. A parameter a declared security scheme
   * carries stays hidden.
   *
   * @return the references, as given
   */
  public List<String> inputParameters() {
    return inputParameters;
  }

  /**
   * How long fetching a description from a URL may take: connecting, and then each wait for the
   * answer.
   *
   * @return the timeout
   */
  public Duration fetchTimeout() {
    return fetchTimeout;
  }

  /** Builds {@link ImportOptions}. Not thread-safe. */
  public static final class Builder {
    private Selection selection = Selection.all();
    private @Nullable String namePrefix;
    private @Nullable String sourceId;
    private @Nullable String serverUrl;
    private long maxDocumentBytes = DEFAULT_MAX_DOCUMENT_BYTES;
    private int maxRefDepth = 64;
    private int maxYamlAliases = 100;
    private boolean inferCredentials = true;
    private List<String> credentialParameters = List.of();
    private List<String> inputParameters = List.of();
    private Duration fetchTimeout = DEFAULT_FETCH_TIMEOUT;

    private Builder() {}

    /**
     * Sets which operations become tools.
     *
     * @param selection the selection
     * @return this builder
     */
    public Builder selection(Selection selection) {
      this.selection = Objects.requireNonNull(selection, "selection");
      return this;
    }

    /**
     * Sets a tool name prefix.
     *
     * @param prefix 1 to 16 of {@code [A-Za-z0-9_-]}, starting with a letter or digit; or null
     * @return this builder
     */
    public Builder namePrefix(@Nullable String prefix) {
      this.namePrefix = prefix;
      return this;
    }

    /**
     * Sets the source id recorded in every tool.
     *
     * @param sourceId 1 to 64 of {@code [A-Za-z0-9_.:-]}, or null
     * @return this builder
     */
    public Builder sourceId(@Nullable String sourceId) {
      this.sourceId = sourceId;
      return this;
    }

    /**
     * Replaces the description's servers with one base URL.
     *
     * @param serverUrl an absolute http(s) URL, or null
     * @return this builder
     */
    public Builder serverUrl(@Nullable String serverUrl) {
      this.serverUrl = serverUrl;
      return this;
    }

    /**
     * Sets the largest document accepted; default 50 MB.
     *
     * @param bytes at least 1 KiB
     * @return this builder
     */
    public Builder maxDocumentBytes(long bytes) {
      this.maxDocumentBytes = bytes;
      return this;
    }

    /**
     * Sets the deepest {@code $ref} chain followed; default 64.
     *
     * @param depth 1 to 1000
     * @return this builder
     */
    public Builder maxRefDepth(int depth) {
      this.maxRefDepth = depth;
      return this;
    }

    /**
     * Sets the most YAML aliases a document may use; default 100.
     *
     * @param aliases 0 to 100,000
     * @return this builder
     */
    public Builder maxYamlAliases(int aliases) {
      this.maxYamlAliases = aliases;
      return this;
    }

    /**
     * Sets whether credential parameters that no scheme declares are inferred; default true.
     * Off, the importer behaves as before inference existed: only declared schemes and the
     * {@code Authorization} header are hidden.
     *
     * @param infer true to infer
     * @return this builder
     */
    public Builder inferCredentials(boolean infer) {
      this.inferCredentials = infer;
      return this;
    }

    /**
     * Sets the parameters to treat as credentials, whatever the rule says.
     *
     * @param parameters each {@code name} or {@code location:name}, location one of {@code
     *     header}, {@code query}, {@code cookie}
     * @return this builder
     */
    public Builder credentialParameters(List<String> parameters) {
      this.credentialParameters = new ArrayList<>(parameters);
      return this;
    }

    /**
     * Sets the parameters to keep as business inputs, whatever the rule says.
     *
     * @param parameters each {@code name} or {@code location:name}, location one of {@code
     *     header}, {@code query}, {@code cookie}
     * @return this builder
     */
    public Builder inputParameters(List<String> parameters) {
      this.inputParameters = new ArrayList<>(parameters);
      return this;
    }

    /**
     * Sets how long fetching a description from a URL may take (connecting, and waiting for the
     * answer); default 30 seconds.
     *
     * @param timeout 1 millisecond to 10 minutes
     * @return this builder
     */
    public Builder fetchTimeout(Duration timeout) {
      this.fetchTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     * @throws IllegalArgumentException if a value is out of range
     */
    public ImportOptions build() {
      if (namePrefix != null && !PREFIX.matcher(namePrefix).matches()) {
        throw new IllegalArgumentException("namePrefix must be 1 to 16 of A-Z a-z 0-9 _ -, "
            + "starting with a letter or digit: '" + namePrefix + "'");
      }
      if (sourceId != null && !SOURCE_ID.matcher(sourceId).matches()) {
        throw new IllegalArgumentException("sourceId must be 1 to 64 of A-Z a-z 0-9 _ . : -");
      }
      if (serverUrl != null && !serverUrl.matches("(?i)https?://[^\\s/?#]+[^\\s]*")) {
        throw new IllegalArgumentException("serverUrl must be an absolute http(s) URL");
      }
      if (maxDocumentBytes < 1024) {
        throw new IllegalArgumentException("maxDocumentBytes must be at least 1024");
      }
      if (maxRefDepth < 1 || maxRefDepth > 1000) {
        throw new IllegalArgumentException("maxRefDepth must be 1 to 1000");
      }
      if (maxYamlAliases < 0 || maxYamlAliases > 100_000) {
        throw new IllegalArgumentException("maxYamlAliases must be 0 to 100,000");
      }
      if (fetchTimeout.toMillis() < 1 || fetchTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("fetchTimeout must be 1 millisecond to 10 minutes");
      }
      checkParameters("credentialParameters", credentialParameters);
      checkParameters("inputParameters", inputParameters);
      for (String credential : credentialParameters) {
        if (inputParameters.stream().anyMatch(input -> input.equalsIgnoreCase(credential))) {
          throw new IllegalArgumentException(
              "a parameter is listed both in credentialParameters and in inputParameters");
        }
      }
      return new ImportOptions(this);
    }

    private static void checkParameters(String field, List<String> references) {
      for (String reference : references) {
        if (reference == null || reference.isBlank()) {
          throw new IllegalArgumentException(field + " lists an empty parameter name");
        }
        int colon = reference.indexOf(':');
        if (colon >= 0 && (colon == reference.length() - 1 || !PARAMETER_LOCATIONS.contains(
            reference.substring(0, colon).toLowerCase(Locale.ROOT)))) {
          throw new IllegalArgumentException(field + ": each entry is a name or "
              + "header:NAME, query:NAME or cookie:NAME");
        }
      }
    }
  }
}
