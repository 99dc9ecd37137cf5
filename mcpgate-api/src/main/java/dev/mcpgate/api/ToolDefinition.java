package dev.mcpgate.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A tool as the gateway knows it: what {@code tools/list} advertises (name, title, description,
 * schemas, annotations) and, for an API-backed tool, where it comes from and how it is called
 * upstream.
 *
 * <p>Schemas are JSON Schema documents (2020-12 unless they say otherwise) carried as JSON text;
 * the engine parses and checks them when the tool is registered. Instances are immutable and
 * thread-safe.
 *
 * @param name the tool's name, unique in a catalog: 1 to 128 of {@code [A-Za-z0-9_.-]}
 * @param title a human-readable title, or null
 * @param description what the tool does, or null
 * @param inputSchema the input schema as JSON text; an object schema
 * @param outputSchema the output schema as JSON text, or null
 * @param annotations behaviour hints
 * @param source the id of the source (imported description) the tool comes from, or null for
 *     a tool implemented in Java
 * @param operationId the original operation id in the source, or null
 * @param tags the source's tags for the operation
 * @param auth the upstream auth requirements; empty for a tool implemented in Java
 * @param http how to call it upstream, or null for a tool implemented in Java
 * @param metadata further non-secret facts about the tool (deprecation, import notes)
 */
public record ToolDefinition(
    String name,
    @Nullable String title,
    @Nullable String description,
    String inputSchema,
    @Nullable String outputSchema,
    ToolAnnotations annotations,
    @Nullable String source,
    @Nullable String operationId,
    List<String> tags,
    List<AuthRequirement> auth,
    @Nullable HttpOperation http,
    Map<String, String> metadata) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

  /** The schema of a tool that takes no arguments. */
  public static final String EMPTY_OBJECT_SCHEMA = "{\"type\":\"object\"}";

  /** Validates and copies the fields. */
  public ToolDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(inputSchema, "inputSchema");
    Objects.requireNonNull(annotations, "annotations");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "tool name '" + name + "' must be 1 to 128 characters of A-Z a-z 0-9 _ . -");
    }
    if (!inputSchema.strip().startsWith("{")) {
      throw new IllegalArgumentException("tool '" + name + "': the input schema must be an object");
    }
    tags = List.copyOf(tags);
    auth = List.copyOf(auth);
    metadata = Map.copyOf(metadata);
  }

  /**
   * A builder for a tool with the given name.
   *
   * @param name the tool's name
   * @return a new builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * A builder pre-filled with this definition.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder(name);
    builder.title = title;
    builder.description = description;
    builder.inputSchema = inputSchema;
    builder.outputSchema = outputSchema;
    builder.annotations = annotations;
    builder.source = source;
    builder.operationId = operationId;
    builder.tags.addAll(tags);
    builder.auth.addAll(auth);
    builder.http = http;
    builder.metadata.putAll(metadata);
    return builder;
  }

  /** Builds a {@link ToolDefinition}. Not thread-safe. */
  public static final class Builder {
    private String name;
    private @Nullable String title;
    private @Nullable String description;
    private String inputSchema = EMPTY_OBJECT_SCHEMA;
    private @Nullable String outputSchema;
    private ToolAnnotations annotations = ToolAnnotations.none();
    private @Nullable String source;
    private @Nullable String operationId;
    private final List<String> tags = new ArrayList<>();
    private final List<AuthRequirement> auth = new ArrayList<>();
    private @Nullable HttpOperation http;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Sets the name.
     *
     * @param name the tool's name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Sets the title.
     *
     * @param title a human-readable title, or null
     * @return this builder
     */
    public Builder title(@Nullable String title) {
      this.title = title;
      return this;
    }

    /**
     * Sets the description.
     *
     * @param description what the tool does, or null
     * @return this builder
     */
    public Builder description(@Nullable String description) {
      this.description = description;
      return this;
    }

    /**
     * Sets the input schema; defaults to {@link #EMPTY_OBJECT_SCHEMA}.
     *
     * @param json an object schema as JSON text
     * @return this builder
     */
    public Builder inputSchema(String json) {
      this.inputSchema = json;
      return this;
    }

    /**
     * Sets the output schema.
     *
     * @param json an object schema as JSON text, or null
     * @return this builder
     */
    public Builder outputSchema(@Nullable String json) {
      this.outputSchema = json;
      return this;
    }

    /**
     * Sets the behaviour hints.
     *
     * @param annotations the hints
     * @return this builder
     */
    public Builder annotations(ToolAnnotations annotations) {
      this.annotations = annotations;
      return this;
    }

    /**
     * Sets the source id.
     *
     * @param source the source's id, or null
     * @return this builder
     */
    public Builder source(@Nullable String source) {
      this.source = source;
      return this;
    }

    /**
     * Sets the original operation id.
     *
     * @param operationId the operation id, or null
     * @return this builder
     */
    public Builder operationId(@Nullable String operationId) {
      this.operationId = operationId;
      return this;
    }

    /**
     * Adds tags.
     *
     * @param tags the tags
     * @return this builder
     */
    public Builder tags(Iterable<String> tags) {
      tags.forEach(this.tags::add);
      return this;
    }

    /**
     * Adds an upstream auth requirement.
     *
     * @param requirement the requirement
     * @return this builder
     */
    public Builder auth(AuthRequirement requirement) {
      this.auth.add(requirement);
      return this;
    }

    /**
     * Sets how the tool is called upstream.
     *
     * @param http the HTTP operation, or null
     * @return this builder
     */
    public Builder http(@Nullable HttpOperation http) {
      this.http = http;
      return this;
    }

    /**
     * Adds a metadata entry.
     *
     * @param key the key
     * @param value the value; never a secret
     * @return this builder
     */
    public Builder metadata(String key, String value) {
      this.metadata.put(key, value);
      return this;
    }

    /**
     * Builds the definition.
     *
     * @return the definition
     * @throws IllegalArgumentException if the name is not a valid tool name or the input
     *     schema is not an object
     */
    public ToolDefinition build() {
      return new ToolDefinition(
          name,
          title,
          description,
          inputSchema,
          outputSchema,
          annotations,
          source,
          operationId,
          tags,
          auth,
          http,
          metadata);
    }
  }
}
