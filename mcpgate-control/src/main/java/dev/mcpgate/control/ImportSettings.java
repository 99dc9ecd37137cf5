package dev.mcpgate.control;

import dev.mcpgate.core.OutputSchemaMode;
import dev.mcpgate.openapi.ImportOptions;
import dev.mcpgate.openapi.Selection;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How a revision's description is turned into the tools it serves: everything besides the
 * description's bytes that changes those tools or the requests they send upstream. These are the
 * settings of a source entry of {@code mcpgate.yaml} ({@code baseUrl}, {@code toolPrefix},
 * {@code operations}, {@code outputSchemas}, {@code credentialParameters}, {@code
 * inputParameters}, {@code binding}), given to an import through any surface.
 *
 * <p><b>Why they belong to the revision, not to the source.</b> Two imports of the same bytes
 * with a different base URL call another host; with another tool prefix they serve other names;
 * with other parameter settings they expose a credential as an input or hide one; with another
 * binding they send other credentials. Each of these changes what an approver approved as much as
 * changed bytes do, so settings are frozen in the revision with the bytes, the review's evidence
 * is computed from both, and changing them means importing a new revision, which is reviewed
 * like any other (and is never approved by the description-only rule, see {@link ReviewRules}).
 * A revision is immutable, so the tools the data plane builds from it never drift from what was
 * reviewed.
 *
 * <p>The defaults ({@link #defaults()}) import the description as it is: its own servers, no
 * prefix, every operation that is not deprecated, lenient output schemas, the importer's
 * credential inference, the binding whose id is the source's id. Stored revisions written before
 * settings existed read as the defaults. Immutable and thread-safe.
 *
 * @param baseUrl the upstream base URL replacing the description's servers (an absolute http(s)
 *     URL without credentials), or null for the description's own
 * @param toolPrefix a prefix for the tool names (1 to 16 of {@code A-Z a-z 0-9 _ -}, starting
 *     with a letter or digit), or null
 * @param operations the operation ids to import, deprecated or not (sorted, without
 *     duplicates), or null for every operation that is not deprecated
 * @param outputSchemas how the tools advertise and enforce their output schemas
 * @param credentialParameters parameters to treat as credentials ({@code name} or {@code
 *     header:|query:|cookie:name})
 * @param inputParameters parameters to keep as business inputs, in the same form
 * @param binding the id of the credential binding the tools call upstream with, or null for the
 *     binding whose id is the source's id
 */
public record ImportSettings(
    @Nullable String baseUrl,
    @Nullable String toolPrefix,
    @Nullable List<String> operations,
    OutputSchemaMode outputSchemas,
    List<String> credentialParameters,
    List<String> inputParameters,
    @Nullable String binding) {

  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,15}");
  private static final ImportSettings DEFAULTS = builder().build();

  /**
   * Validates and copies the fields; {@code operations} is sorted and its duplicates dropped.
   *
   * @throws IllegalArgumentException naming the field that is wrong, never quoting its value
   */
  public ImportSettings {
    if (baseUrl != null) {
      checkBaseUrl(baseUrl);
    }
    if (toolPrefix != null && !PREFIX.matcher(toolPrefix).matches()) {
      throw new IllegalArgumentException("toolPrefix must be 1 to 16 of A-Z a-z 0-9 _ -, "
          + "starting with a letter or digit");
    }
    if (operations != null) {
      for (String operation : operations) {
        if (operation == null || operation.isBlank()) {
          throw new IllegalArgumentException("operations lists an empty operation id");
        }
      }
      operations = List.copyOf(new TreeSet<>(operations));
    }
    Objects.requireNonNull(outputSchemas, "outputSchemas");
    credentialParameters = List.copyOf(credentialParameters);
    inputParameters = List.copyOf(inputParameters);
    try {
      // The importer owns the parameter rules; its messages name the field, not the value.
      ImportOptions.builder().credentialParameters(credentialParameters)
          .inputParameters(inputParameters).build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (binding != null) {
      Ids.name("binding", binding);
    }
  }

  private static void checkBaseUrl(String baseUrl) {
    URI uri;
    try {
      uri = new URI(baseUrl);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("baseUrl is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
        || baseUrl.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("baseUrl must be an absolute http or https URL");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("baseUrl must not carry credentials; use a binding");
    }
  }

  /**
   * The settings that import a description as it is.
   *
   * @return the defaults
   */
  public static ImportSettings defaults() {
    return DEFAULTS;
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The names of the settings in their text form, as {@link #fromText} reads them. */
  public static final List<String> TEXT_NAMES = List.of("baseUrl", "toolPrefix", "operations",
      "outputSchemas", "credentialParameters", "inputParameters", "binding");

  /**
   * Reads settings from their text form, as URL query parameters or command-line options carry
   * them: each value a string, lists comma-separated, {@code outputSchemas} by name ({@code
   * strict}, {@code lenient} or {@code none}, any case). A name missing, or with an empty value,
   * keeps its default; only the {@link #TEXT_NAMES} are asked for.
   *
   * @param values the value of a name, or null when it has none
   * @return the settings
   * @throws InvalidSetting if a value is invalid (the message names the field, never quoting the
   *     value)
   */
  public static ImportSettings fromText(Function<String, @Nullable String> values) {
    try {
      Builder builder = builder()
          .baseUrl(text(values, "baseUrl"))
          .toolPrefix(text(values, "toolPrefix"))
          .credentialParameters(list(values, "credentialParameters"))
          .inputParameters(list(values, "inputParameters"))
          .binding(text(values, "binding"));
      if (text(values, "operations") != null) {
        builder.operations(list(values, "operations"));
      }
      String mode = text(values, "outputSchemas");
      if (mode != null) {
        try {
          builder.outputSchemas(OutputSchemaMode.fromWireName(mode));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("outputSchemas must be strict, lenient or none");
        }
      }
      return builder.build();
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      String field = TEXT_NAMES.stream().filter(message::startsWith).findFirst().orElse(null);
      throw new InvalidSetting(field, message);
    }
  }

  /** A setting in text form that is not valid: which one, and why. */
  public static final class InvalidSetting extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The field's name, one of {@link #TEXT_NAMES}, or null if the message names none. */
    private final @Nullable String field;

    /**
     * Creates the refusal.
     *
     * @param field the field's name, or null
     * @param message why, naming the field and never quoting the value
     */
    public InvalidSetting(@Nullable String field, String message) {
      super(message);
      this.field = field;
    }

    /**
     * The setting refused.
     *
     * @return its name in {@link #TEXT_NAMES}, or null if the message names none
     */
    public @Nullable String field() {
      return field;
    }
  }

  private static @Nullable String text(Function<String, @Nullable String> values, String name) {
    String value = values.apply(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static List<String> list(Function<String, @Nullable String> values, String name) {
    String value = text(values, name);
    if (value == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String item : value.split(",", -1)) {
      out.add(item.strip());
    }
    return out;
  }

  /**
   * Whether these are the defaults.
   *
   * @return true when nothing is set
   */
  public boolean areDefaults() {
    return equals(DEFAULTS);
  }

  /**
   * The id of the binding a source imported with these settings calls upstream with.
   *
   * @param sourceId the source's id
   * @return {@link #binding()} when set, else the source's id
   */
  public String bindingFor(String sourceId) {
    return binding != null ? binding : sourceId;
  }

  /**
   * Sets what these settings decide on an importer's options: the base URL, the prefix, the
   * selection (the listed operation ids, deprecated or not) and the parameter lists. What they
   * leave unset ({@code baseUrl}, {@code toolPrefix}, {@code operations}) keeps the builder's
   * value. The output schema mode and the binding are not import options: the data plane applies
   * them.
   *
   * @param options the builder to set
   * @return the same builder
   */
  public ImportOptions.Builder applyTo(ImportOptions.Builder options) {
    if (baseUrl != null) {
      options.serverUrl(baseUrl);
    }
    if (toolPrefix != null) {
      options.namePrefix(toolPrefix);
    }
    if (operations != null) {
      options.selection(Selection.builder().includeOperationIds(operations)
          .includeDeprecated(true).build());
    }
    if (!credentialParameters.isEmpty()) {
      options.credentialParameters(credentialParameters);
    }
    if (!inputParameters.isEmpty()) {
      options.inputParameters(inputParameters);
    }
    return options;
  }

  /**
   * The settings as a person reads them, those that differ from the defaults only, such as
   * {@code baseUrl https://api.example.com, toolPrefix gh}.
   *
   * @return the text, {@code defaults} when nothing is set
   */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (baseUrl != null) {
      parts.add("baseUrl " + baseUrl);
    }
    if (toolPrefix != null) {
      parts.add("toolPrefix " + toolPrefix);
    }
    if (operations != null) {
      parts.add("operations " + String.join(",", operations));
    }
    if (outputSchemas != DEFAULTS.outputSchemas) {
      parts.add("outputSchemas " + outputSchemas.wireName());
    }
    if (!credentialParameters.isEmpty()) {
      parts.add("credentialParameters " + String.join(",", credentialParameters));
    }
    if (!inputParameters.isEmpty()) {
      parts.add("inputParameters " + String.join(",", inputParameters));
    }
    if (binding != null) {
      parts.add("binding " + binding);
    }
    return parts.isEmpty() ? "defaults" : String.join(", ", parts);
  }

  /**
   * Builds {@link ImportSettings}; every field starts at its default. Not thread-safe.
   */
  public static final class Builder {
    private @Nullable String baseUrl;
    private @Nullable String toolPrefix;
    private @Nullable List<String> operations;
    private OutputSchemaMode outputSchemas = OutputSchemaMode.LENIENT;
    private List<String> credentialParameters = List.of();
    private List<String> inputParameters = List.of();
    private @Nullable String binding;

    private Builder() {}

    /**
     * Sets the upstream base URL.
     *
     * @param baseUrl an absolute http(s) URL without credentials, or null
     * @return this builder
     */
    public Builder baseUrl(@Nullable String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * Sets the tool name prefix.
     *
     * @param toolPrefix 1 to 16 of {@code A-Z a-z 0-9 _ -}, or null
     * @return this builder
     */
    public Builder toolPrefix(@Nullable String toolPrefix) {
      this.toolPrefix = toolPrefix;
      return this;
    }

    /**
     * Sets the operation ids imported.
     *
     * @param operations the ids, deprecated operations included; or null for every operation
     *     that is not deprecated
     * @return this builder
     */
    public Builder operations(@Nullable Iterable<String> operations) {
      if (operations == null) {
        this.operations = null;
      } else {
        List<String> copy = new ArrayList<>();
        operations.forEach(copy::add);
        this.operations = copy;
      }
      return this;
    }

    /**
     * Sets the output schema mode.
     *
     * @param outputSchemas the mode
     * @return this builder
     */
    public Builder outputSchemas(OutputSchemaMode outputSchemas) {
      this.outputSchemas = Objects.requireNonNull(outputSchemas, "outputSchemas");
      return this;
    }

    /**
     * Sets the parameters treated as credentials.
     *
     * @param parameters each {@code name} or {@code location:name}
     * @return this builder
     */
    public Builder credentialParameters(List<String> parameters) {
      this.credentialParameters = List.copyOf(parameters);
      return this;
    }

    /**
     * Sets the parameters kept as business inputs.
     *
     * @param parameters each {@code name} or {@code location:name}
     * @return this builder
     */
    public Builder inputParameters(List<String> parameters) {
      this.inputParameters = List.copyOf(parameters);
      return this;
    }

    /**
     * Sets the credential binding the tools use.
     *
     * @param binding a binding id, or null for the one named like the source
     * @return this builder
     */
    public Builder binding(@Nullable String binding) {
      this.binding = binding;
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return the settings
     * @throws IllegalArgumentException if a value is invalid (the message names the field)
     */
    public ImportSettings build() {
      return new ImportSettings(baseUrl, toolPrefix, operations, outputSchemas,
          credentialParameters, inputParameters, binding);
    }
  }
}
