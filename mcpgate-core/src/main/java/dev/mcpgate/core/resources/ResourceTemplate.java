package dev.mcpgate.core.resources;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A family of resources whose URIs match a {@link UriTemplate}, as {@code
 * resources/templates/list} describes it. A {@code resources/read} of a URI that no fixed
 * resource has is served by the first template, in template order, that matches it.
 *
 * @param uriTemplate the template, such as {@code app://orders/{id}}; unique within a gateway
 * @param name its name
 * @param title a human-readable name, or null
 * @param description what its resources are, or null
 * @param mimeType the media type all its resources share, or null
 * @param annotations hints for the client, or null
 */
public record ResourceTemplate(
    UriTemplate uriTemplate,
    String name,
    @Nullable String title,
    @Nullable String description,
    @Nullable String mimeType,
    @Nullable Annotations annotations) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if the name is blank
   */
  public ResourceTemplate {
    Objects.requireNonNull(uriTemplate, "uriTemplate");
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a resource template needs a name");
    }
  }

  /**
   * A builder for the optional fields.
   *
   * @param uriTemplate the template, such as {@code app://orders/{id}}
   * @param name its name
   * @return the builder
   * @throws IllegalArgumentException if the template is not valid; see {@link UriTemplate#of}
   */
  public static Builder builder(String uriTemplate, String name) {
    return new Builder(UriTemplate.of(uriTemplate), name);
  }

  /** Builds a {@link ResourceTemplate}. Not thread-safe. */
  public static final class Builder {
    private final UriTemplate uriTemplate;
    private final String name;
    private @Nullable String title;
    private @Nullable String description;
    private @Nullable String mimeType;
    private @Nullable Annotations annotations;

    private Builder(UriTemplate uriTemplate, String name) {
      this.uriTemplate = uriTemplate;
      this.name = name;
    }

    /**
     * Sets the title.
     *
     * @param title a human-readable name, or null
     * @return this builder
     */
    public Builder title(@Nullable String title) {
      this.title = title;
      return this;
    }

    /**
     * Sets the description.
     *
     * @param description what its resources are, or null
     * @return this builder
     */
    public Builder description(@Nullable String description) {
      this.description = description;
      return this;
    }

    /**
     * Sets the media type all its resources share.
     *
     * @param mimeType such as {@code application/json}, or null
     * @return this builder
     */
    public Builder mimeType(@Nullable String mimeType) {
      this.mimeType = mimeType;
      return this;
    }

    /**
     * Sets the annotations.
     *
     * @param annotations the hints, or null
     * @return this builder
     */
    public Builder annotations(@Nullable Annotations annotations) {
      this.annotations = annotations;
      return this;
    }

    /**
     * Builds the template.
     *
     * @return the template
     */
    public ResourceTemplate build() {
      return new ResourceTemplate(uriTemplate, name, title, description, mimeType, annotations);
    }
  }
}
